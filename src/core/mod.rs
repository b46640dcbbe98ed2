//! The pure core, in five layers, each using only those above it in this list (checked by
//! `tests/architecture.rs`; ARCHITECTURE.md draws the plan):
//!
//! - [`text`]: the payload-text toolkit; knows nothing of Graph.
//! - [`catalog`]: the Office policy catalog read from the admin's ADMX/ADML templates: names,
//!   checks, search and new entries for the payload text; knows nothing of Graph either.
//! - [`wire`]: Graph's JSON, URLs and errors; the only layer that knows them.
//! - [`rules`]: drafts, validation, the save plan, conflicts, retries, config, the review.
//! - [`pages`]: one machine (or view model) per page.
//!
//! No browser crate is used here, so all of it compiles and is tested natively (`cargo test`).

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
pub mod catalog;
pub mod pages;
pub mod rules;
pub mod text;
pub mod wire;
