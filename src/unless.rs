//! Content-aware exceptions to shared rules (`unless:`): each kind says
//! which revisions of a changed file it reads and whether it holds. Adding a
//! kind means a variant here and its two answers; the walk, selection and
//! the schema follow from them.

use crate::proto;
use crate::select::{Change, Revisions};
use serde::Deserialize;

/// Content-aware exceptions to a shared rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Unless {
    /// Skip the rule for a `.proto` file whose previous declarations all survive unchanged.
    ProtoAdditive,
}

impl Unless {
    /// Whether the exception is about this path at all; for other paths the
    /// rule fires as if it had no exception.
    pub fn covers(self, path: &str) -> bool {
        match self {
            Unless::ProtoAdditive => path.ends_with(".proto"),
        }
    }

    /// Whether deciding needs the path's previous and current revisions.
    pub fn needs_revisions(self, path: &str, change: Change) -> bool {
        self.covers(path) && change == Change::Modified
    }

    /// For a path it covers: `Ok` with what makes the change harmless (the
    /// rule does not fire), or `Err` with why the rule fires.
    pub fn verdict(
        self,
        path: &str,
        change: Change,
        revisions: &Revisions,
    ) -> Result<&'static str, String> {
        match self {
            Unless::ProtoAdditive => proto_additive(path, change, revisions),
        }
    }
}

fn proto_additive(
    path: &str,
    change: Change,
    revisions: &Revisions,
) -> Result<&'static str, String> {
    const ADDITIVE: &str = "is an additive change";
    match change {
        Change::Added => return Ok(ADDITIVE),
        Change::Removed => return Err("the file was removed or renamed".into()),
        Change::Modified => {}
    }
    let (Some(Some(previous)), Some(Some(current))) =
        (revisions.previous.get(path), revisions.current.get(path))
    else {
        return Err("a revision could not be read".into());
    };
    match proto::compare(previous, current) {
        Ok(proto::Verdict::Additive) => Ok(ADDITIVE),
        Ok(proto::Verdict::Breaking { first_lost }) => Err(format!(
            "{} was removed or changed",
            crate::error::quote(&first_lost.to_string())
        )),
        Err(e) => Err(format!(
            "it could not be parsed ({})",
            crate::error::quote(&e.to_string())
        )),
    }
}
