//! Office Client Policy Editor: a browser editor for Microsoft 365 Apps cloud policies
//! (`windowsOfficeClientSecurityConfiguration`) over Microsoft Graph.
//!
//! `core` is pure Rust and is tested natively; the browser side (`graph`, `auth`, `app`) is
//! compiled only for `wasm32`.

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod auth;
#[cfg(target_arch = "wasm32")]
pub mod graph;
#[cfg(target_arch = "wasm32")]
pub mod worker;
