//! Graph's wire: the contract's property table, the resource model, requests and URLs, responses
//! and errors, the directory's objects, the Stream codec. The only layer that knows Graph's JSON.

pub mod body;
pub mod contract;
pub mod directory;
pub mod model;
pub mod request;
pub mod response;
pub mod stream;
