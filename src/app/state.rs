//! The editor reducer, shared through context.

use crate::core::editor::{Action, EditorState};
use std::rc::Rc;
use yew::prelude::*;

impl Reducible for EditorState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new((*self).clone().apply(action))
    }
}

/// The editor of the open configuration; provided by `EditorPage`.
#[hook]
pub fn use_editor() -> UseReducerHandle<EditorState> {
    use_context::<UseReducerHandle<EditorState>>().expect("use_editor must be called inside EditorPage")
}
