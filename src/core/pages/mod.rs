//! The page machines and their view models: the editor session, the workspace (the list), the
//! transfer (export and import), compare, effective policy, tenant health, the check-in report,
//! the Settings view. Each is `apply(self, Action) -> (Self, Vec<Effect>)` or a pure view model.

pub mod backup;
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
