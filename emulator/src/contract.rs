//! The Graph contract the emulator holds: the editor's own table (`src/core/contract.rs`), the
//! one place its rows and their sources are written, included here as it is.

#[path = "../../src/core/contract.rs"]
#[allow(dead_code)]
mod table;

pub use table::*;
