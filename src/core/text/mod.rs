//! The payload-text toolkit: JSON text read, searched, laid out and edited as text, so what the
//! admin did not touch stays byte for byte. It knows nothing of Graph.

pub mod bytes;
pub mod diff;
pub mod fold;
pub mod mirror;
pub mod settings;
pub mod settings_index;
