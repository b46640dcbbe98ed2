//! The pure core: the resource model, Stream encoding, validation, the minimal PATCH, Graph
//! requests and responses, config.json, the editor reducer, the session machine around it and the view model. No browser crate is used here,
//! so all of it compiles and is tested natively (`cargo test`).

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
pub mod backup;
pub mod bytes;
pub mod compare;
pub mod config;
pub mod conflict;
pub mod contract;
pub mod directory;
pub mod draft;
pub mod editor;
pub mod effective;
pub mod import;
pub mod kept_drafts;
pub mod mirror;
pub mod model;
pub mod patch;
pub mod report;
pub mod request;
pub mod response;
pub mod retry;
pub mod review;
pub mod session;
pub mod settings;
pub mod settings_index;
pub mod settings_view;
pub mod signin;
pub mod stream;
pub mod tenant_health;
pub mod validate;
pub mod view;
pub mod workspace;
