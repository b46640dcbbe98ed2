//! The rules: what a draft is, what is valid, what a save sends, how conflicts merge, when to retry,
//! what config.json may say, how kept drafts are stored, what a review shows, who is signed in.

pub mod config;
pub mod conflict;
pub mod draft;
pub mod kept_drafts;
pub mod patch;
pub mod retry;
pub mod review;
pub mod signin;
pub mod validate;
