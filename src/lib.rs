//! changed-backends: select the matrix entries whose inputs changed, or run
//! everything with a machine-readable reason when the change cannot be proven
//! complete.
//!
//! The crate is pure: no clock, network or file system. Callers (the GitHub
//! Action shim, the CLI, the browser playground) ask [`run::plan`] which files
//! and API answers are needed, fetch them, and hand them to [`run::decide`].

pub mod answer;
pub mod baseline;
mod bytes;
mod codes;
pub mod condition;
pub mod config;
pub mod de;
pub mod error;
pub mod event;
pub mod fetch;
mod hash;
pub mod json;
pub mod lint;
pub mod matrix;
pub mod outputs;
pub mod pattern;
pub mod proto;
pub mod rules;
pub mod run;
pub mod select;
pub mod shape;
pub mod template;
mod typescript;
pub mod unless;
#[cfg(target_arch = "wasm32")]
mod wasm;
pub mod yaml;

pub use run::{decide, plan, Input, Outcome, Plan};
