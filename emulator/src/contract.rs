//! The Graph contract the emulator holds: the editor's own table (`src/core/wire/contract.rs`), the
//! one place its rows and their sources are written, included here as it is.

#[path = "../../src/core/wire/contract.rs"]
#[allow(dead_code)]
mod table;

pub use table::*;
