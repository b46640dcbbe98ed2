//! `use_transfer`: runs `core::pages::import::Transfer` for the list page's transfer tools
//! (`app::import_dialog::TransferTools`, through `app::machine`): reads configurations whole for
//! an export and offers the file as a download, reads a picked backup file, reads the tenant's
//! matching configurations for the dry run, and applies it one configuration at a time through
//! `GraphApi`. When an import ends, the list is read again.

use super::download::download;
use super::machine::{use_machine, Handle, Runner};
use super::workspace::WorkspaceHandle;
use crate::core::pages::import::{Action, Effect, Reads, Transfer};
use crate::core::wire::directory::Lookup;
use crate::core::wire::response::GraphError;
use crate::graph::{GraphApi, GraphHandle};
use std::collections::HashMap;
use std::rc::Rc;
use yew::prelude::*;

pub type TransferHandle = Handle<Transfer>;

/// Reads each configuration whole, one after another; one that fails never costs the others,
/// but a Graph that does not serve the resource at all stops at the first.
pub(super) async fn read_all(api: Rc<dyn GraphApi>, ids: Vec<String>) -> Reads {
    let mut out = Reads::default();
    for id in ids {
        match api.get(&id).await {
            Ok(c) => out.read.push(c),
            Err(e @ GraphError::NotServed(_)) => {
                out.unread.push((id, e));
                break;
            }
            Err(e) => out.unread.push((id, e)),
        }
    }
    out
}

/// The configurations of an export and their groups' names (none where the directory may not
/// be read: the file then has ids only).
async fn read_for_export(api: Rc<dyn GraphApi>, ids: Vec<String>) -> (Reads, HashMap<String, String>) {
    let reads = read_all(api.clone(), ids).await;
    let mut groups: Vec<String> = reads
        .read
        .iter()
        .flat_map(|c| c.assignments.iter().flatten())
        .filter_map(|a| a.target.as_ref()?.group_id.as_ref().map(|g| g.to_ascii_lowercase()))
        .collect();
    groups.sort();
    groups.dedup();
    let names = match api.group_names(&groups).await {
        Ok(found) => found
            .into_iter()
            .filter_map(|(id, l)| match l {
                Lookup::Name(name) => Some((id.to_ascii_lowercase(), name)),
                _ => None,
            })
            .collect(),
        Err(_) => HashMap::new(),
    };
    (reads, names)
}

fn runner(graph: &GraphHandle, list: Callback<()>) -> Rc<Runner<Transfer>> {
    let api = graph.api.clone();
    Runner::new(Transfer::default(), move |runner: &Runner<Transfer>, effect| {
        let api = api.clone();
        match effect {
            Effect::ReadForExport(ids) => {
                runner.spawn(async move { Action::ExportRead(read_for_export(api, ids).await) })
            }
            Effect::Download { name, text } => download(&name, "application/json", &text),
            Effect::ReadTargets(ids) => runner.spawn(async move { Action::TargetsRead(read_all(api, ids).await) }),
            Effect::CheckGroups(ids) => runner.spawn(async move { Action::GroupsChecked(api.group_names(&ids).await) }),
            Effect::Create { step, body, assign } => {
                runner.spawn(async move { Action::Created { step, result: api.create_assigned(body, assign).await } })
            }
            Effect::Save { step, id, plan } => {
                runner.spawn(async move { Action::Saved { step, result: api.save(&id, plan).await } })
            }
            Effect::ReloadList => list.emit(()),
            Effect::ReadForCompare(ids) => runner.spawn(async move { Action::CompareRead(read_all(api, ids).await) }),
        }
    })
}

/// The list page's export and import; `workspace` is read again when an import ends.
#[hook]
pub fn use_transfer(workspace: &WorkspaceHandle) -> TransferHandle {
    let graph = use_context::<GraphHandle>().expect("export and import need a GraphHandle context");
    let reload = {
        let runner = workspace.runner();
        Callback::from(move |()| runner.dispatch(crate::core::pages::workspace::Action::Load))
    };
    use_machine(graph, move |graph| runner(graph, reload))
}
