//! The page machines and their view models: the editor session, the workspace (the list), the
//! transfer (export and import), compare, effective policy, tenant health, the check-in report,
//! the Settings view. Each page's machine is a [`Machine`]; the rest are pure view models.

pub mod backup;
pub mod catalog_panel;
pub mod compare;
pub mod editor;
pub mod effective;
pub mod import;
pub mod report;
pub mod session;
pub mod settings_view;
pub mod tenant_health;
pub mod view;
pub mod workspace;

/// A page's state machine: every input (the admin's, and what I/O answers) is an `Action`,
/// applied in order to give the next state and the `Effect`s (I/O) to run. No clock, no
/// randomness: an answer carries the moment it arrived. One runner in `app/machine.rs` runs
/// every machine.
pub trait Machine: Default + Sized + 'static {
    type Action: 'static;
    type Effect: 'static;
    fn apply(self, action: Self::Action) -> (Self, Vec<Self::Effect>);
}
