//! What started the workflow, reduced to what selection needs.
//!
//! The shim hands over the event name and the raw text of the event file; all
//! interpretation happens here so that it is tested once, in one place.

use serde_json::Value;

crate::codes::codes! {
    /// Why a run is not filtered, or that it is. A closed set: callers may match on it.
    pub enum Reason {
        /// The change was computed completely; only affected entries run.
        Filtered = "filtered",
        Tag = "tag",
        Schedule = "schedule",
        WorkflowDispatch = "workflow-dispatch",
        ForceAll = "force-all",
        /// The config file itself changed: every entry exercises the edit.
        ConfigChanged = "config-changed",
        FirstPush = "first-push",
        BranchDeleted = "branch-deleted",
        UnknownEvent = "unknown-event",
        MissingFields = "missing-fields",
        EventUnreadable = "event-unreadable",
        ApiError = "api-error",
        Truncated = "truncated",
        TooManyFiles = "too-many-files",
        InternalError = "internal-error",
        /// `baseline: last-success` found no successful run to compare with.
        NoBaseline = "no-baseline",
    }
}

impl Reason {
    /// Whether the reason means the change could not be read completely (as
    /// opposed to an event that always builds everything): worth a warning.
    pub fn is_degraded(self) -> bool {
        matches!(
            self,
            Reason::MissingFields
                | Reason::EventUnreadable
                | Reason::ApiError
                | Reason::Truncated
                | Reason::TooManyFiles
                | Reason::InternalError
        )
    }
}

/// The repository the API calls go to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repo {
    pub owner: String,
    pub name: String,
}

/// A normalised event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A pull request: list its files, checking they belong to `head`.
    Pull {
        repo: Repo,
        number: u64,
        base: String,
        head: String,
    },
    /// A branch push: compare `before...after` (and the reverse when forced).
    Push {
        repo: Repo,
        before: String,
        after: String,
        forced: bool,
        /// The pushed branch (`refs/heads/` stripped); `None` for any other ref.
        branch: Option<String>,
    },
    /// A merge queue group, or any other base...head range.
    Range {
        repo: Option<Repo>,
        base: String,
        head: String,
    },
    /// No trustworthy diff: run everything.
    RunAll(Reason, String),
    /// Nothing to build (a deleted branch).
    Nothing(Reason, String),
}

impl Event {
    /// The commit the change ends at, for events that have one.
    pub fn head(&self) -> Option<&str> {
        match self {
            Event::Pull { head, .. } | Event::Range { head, .. } => Some(head),
            Event::Push { after, .. } => Some(after),
            Event::RunAll(..) | Event::Nothing(..) => None,
        }
    }

    /// The git ref holding the previous revision of files.
    pub fn base_ref(&self) -> Option<String> {
        match self {
            Event::Pull { base, .. } | Event::Range { base, .. } => Some(base.clone()),
            Event::Push { before, .. } => Some(before.clone()),
            _ => None,
        }
    }

    /// The repository the API calls go to.
    pub fn repo(&self) -> Option<Repo> {
        match self {
            Event::Pull { repo, .. } | Event::Push { repo, .. } => Some(repo.clone()),
            Event::Range { repo, .. } => repo.clone(),
            _ => None,
        }
    }
}

fn zero(sha: &str) -> bool {
    sha.is_empty() || sha.bytes().all(|b| b == b'0')
}

fn s<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    path.iter().try_fold(v, |v, k| v.get(k))?.as_str()
}

fn repo(payload: &Value, fallback: Option<&str>) -> Option<Repo> {
    let owner = s(payload, &["repository", "owner", "login"])
        .or_else(|| s(payload, &["repository", "owner", "name"]));
    if let (Some(owner), Some(name)) = (owner, s(payload, &["repository", "name"])) {
        return Some(Repo {
            owner: owner.to_string(),
            name: name.to_string(),
        });
    }
    // `full_name` alone (as a hand-written event may have), then the runner's
    // GITHUB_REPOSITORY.
    [s(payload, &["repository", "full_name"]), fallback]
        .into_iter()
        .flatten()
        .find_map(|full| {
            let (owner, name) = full.split_once('/')?;
            (!owner.is_empty() && !name.is_empty()).then(|| Repo {
                owner: owner.to_string(),
                name: name.to_string(),
            })
        })
}

/// "a", "a and b", "a, b and c": the fields an event lacks, for its message.
fn listed(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The name of a commit field that is absent, or present but empty or all zeros.
fn lacking_sha<'a>(payload: &Value, path: &[&str], name: &'a str) -> Option<&'a str> {
    s(payload, path).is_none_or(zero).then_some(name)
}

/// Largest event file interpreted; GitHub's own payloads stay far below.
pub const MAX_PAYLOAD: usize = 25 * 1024 * 1024;

/// The run-all for an event file over [`MAX_PAYLOAD`]; callers that refuse
/// to read such a file pass its size, so the reason still says why.
pub fn oversized(size: u64) -> Event {
    Event::RunAll(
        Reason::EventUnreadable,
        format!("the event file is over 25 MB ({size} bytes)"),
    )
}

/// Interpret an event. Never fails: anything unusable is a run-all reason.
pub fn normalize(name: &str, payload: &str, force_all: bool, repository: Option<&str>) -> Event {
    if force_all {
        return Event::RunAll(Reason::ForceAll, "the force-all input is true".into());
    }
    match name {
        "schedule" => {
            return Event::RunAll(Reason::Schedule, "scheduled runs build everything".into())
        }
        "workflow_dispatch" => {
            return Event::RunAll(
                Reason::WorkflowDispatch,
                "manual runs build everything".into(),
            )
        }
        "push" | "pull_request" | "pull_request_target" | "merge_group" | "range" => {}
        other => {
            return Event::RunAll(
                Reason::UnknownEvent,
                format!(
                    "event {} has no trustworthy diff",
                    crate::error::quote(other)
                ),
            )
        }
    }
    if payload.len() > MAX_PAYLOAD {
        return oversized(payload.len() as u64);
    }
    let payload: Value = match serde_json::from_str(payload) {
        Ok(v @ Value::Object(_)) => v,
        _ if payload.trim().is_empty() => {
            return Event::RunAll(
                Reason::EventUnreadable,
                "the event file is missing or empty".into(),
            )
        }
        _ => {
            return Event::RunAll(
                Reason::EventUnreadable,
                "the event file is not a JSON object".into(),
            )
        }
    };
    let missing = |what: &str| {
        Event::RunAll(
            Reason::MissingFields,
            format!("the {name} event lacks {what}"),
        )
    };
    match name {
        "range" => match (s(&payload, &["base"]), s(&payload, &["head"])) {
            (Some(b), Some(h)) if !b.is_empty() && !h.is_empty() => Event::Range {
                repo: repo(&payload, repository),
                base: b.into(),
                head: h.into(),
            },
            // A range names revisions, not only shas: only an empty one is missing.
            _ => missing(&listed(
                &[("base", &["base"]), ("head", &["head"])]
                    .into_iter()
                    .filter(|(_, path)| s(&payload, *path).is_none_or(str::is_empty))
                    .map(|(name, _)| name)
                    .collect::<Vec<_>>(),
            )),
        },
        "push" => push(&payload, repository).unwrap_or_else(&missing),
        "merge_group" => {
            let Some(r) = repo(&payload, repository) else {
                return missing("the repository");
            };
            match (
                s(&payload, &["merge_group", "base_sha"]),
                s(&payload, &["merge_group", "head_sha"]),
            ) {
                (Some(b), Some(h)) if !zero(b) && !zero(h) => Event::Range {
                    repo: Some(r),
                    base: b.into(),
                    head: h.into(),
                },
                _ => missing(&listed(
                    &[
                        lacking_sha(
                            &payload,
                            &["merge_group", "base_sha"],
                            "merge_group.base_sha",
                        ),
                        lacking_sha(
                            &payload,
                            &["merge_group", "head_sha"],
                            "merge_group.head_sha",
                        ),
                    ]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>(),
                )),
            }
        }
        _ => {
            let Some(r) = repo(&payload, repository) else {
                return missing("the repository");
            };
            let number = payload
                .get("number")
                .or_else(|| payload.get("pull_request").and_then(|p| p.get("number")))
                .and_then(Value::as_u64);
            match (
                number,
                s(&payload, &["pull_request", "base", "sha"]),
                s(&payload, &["pull_request", "head", "sha"]),
            ) {
                (Some(n), Some(b), Some(h)) if !zero(b) && !zero(h) => Event::Pull {
                    repo: r,
                    number: n,
                    base: b.into(),
                    head: h.into(),
                },
                _ => missing(&listed(
                    &[
                        number.is_none().then_some("the pull request's number"),
                        lacking_sha(
                            &payload,
                            &["pull_request", "base", "sha"],
                            "pull_request.base.sha",
                        ),
                        lacking_sha(
                            &payload,
                            &["pull_request", "head", "sha"],
                            "pull_request.head.sha",
                        ),
                    ]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>(),
                )),
            }
        }
    }
}

fn push(payload: &Value, repository: Option<&str>) -> Result<Event, &'static str> {
    let git_ref = s(payload, &["ref"]).ok_or("ref")?;
    if git_ref.starts_with("refs/tags/") {
        return Ok(Event::RunAll(
            Reason::Tag,
            format!("tag push {}", crate::error::quote(git_ref)),
        ));
    }
    if payload.get("deleted").and_then(Value::as_bool) == Some(true) {
        return Ok(Event::Nothing(
            Reason::BranchDeleted,
            format!("branch {} was deleted", crate::error::quote(git_ref)),
        ));
    }
    let r = repo(payload, repository).ok_or("the repository")?;
    let before = s(payload, &["before"]).unwrap_or("");
    if zero(before) {
        return Ok(Event::RunAll(
            Reason::FirstPush,
            "the push has no previous commit to compare with (a new branch)".into(),
        ));
    }
    let after = s(payload, &["after"]).filter(|a| !zero(a)).ok_or("after")?;
    let forced = payload
        .get("forced")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    Ok(Event::Push {
        repo: r,
        before: before.into(),
        after: after.into(),
        forced,
        branch: git_ref.strip_prefix("refs/heads/").map(str::to_string),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PUSH: &str = r#"{"ref":"refs/heads/main","before":"aaa","after":"bbb","forced":false,"repository":{"name":"r","owner":{"login":"o"}}}"#;

    #[test]
    fn push_variants() {
        assert!(matches!(
            normalize("push", PUSH, false, None),
            Event::Push { forced: false, .. }
        ));
        let tag = PUSH.replace("refs/heads/main", "refs/tags/v1");
        assert!(matches!(
            normalize("push", &tag, false, None),
            Event::RunAll(Reason::Tag, _)
        ));
        let first = PUSH.replace("\"aaa\"", "\"0000000000000000000000000000000000000000\"");
        assert!(matches!(
            normalize("push", &first, false, None),
            Event::RunAll(Reason::FirstPush, _)
        ));
        let deleted = PUSH.replace("\"forced\":false", "\"deleted\":true");
        assert!(matches!(
            normalize("push", &deleted, false, None),
            Event::Nothing(Reason::BranchDeleted, _)
        ));
        let no_after = PUSH.replace("\"after\":\"bbb\",", "");
        assert!(matches!(
            normalize("push", &no_after, false, None),
            Event::RunAll(Reason::MissingFields, _)
        ));
        assert!(matches!(
            normalize("push", PUSH, true, None),
            Event::RunAll(Reason::ForceAll, _)
        ));
    }

    #[test]
    fn unreadable_and_unknown() {
        assert!(matches!(
            normalize("push", "", false, None),
            Event::RunAll(Reason::EventUnreadable, _)
        ));
        assert!(matches!(
            normalize("push", "{nope", false, None),
            Event::RunAll(Reason::EventUnreadable, _)
        ));
        assert!(matches!(
            normalize("push", "[]", false, None),
            Event::RunAll(Reason::EventUnreadable, _)
        ));
        assert!(matches!(
            normalize("schedule", "", false, None),
            Event::RunAll(Reason::Schedule, _)
        ));
        assert!(matches!(
            normalize("workflow_dispatch", "{}", false, None),
            Event::RunAll(Reason::WorkflowDispatch, _)
        ));
        assert!(matches!(
            normalize("issues", "{}", false, None),
            Event::RunAll(Reason::UnknownEvent, _)
        ));
    }

    #[test]
    fn pull_request_and_fallback_repository() {
        let pr = r#"{"number":7,"pull_request":{"base":{"sha":"b1"},"head":{"sha":"h1"}}}"#;
        assert_eq!(
            normalize("pull_request_target", pr, false, Some("o/r")),
            Event::Pull {
                repo: Repo {
                    owner: "o".into(),
                    name: "r".into()
                },
                number: 7,
                base: "b1".into(),
                head: "h1".into()
            }
        );
        assert!(matches!(
            normalize("pull_request", pr, false, None),
            Event::RunAll(Reason::MissingFields, _)
        ));
    }

    /// The message names exactly what is missing, so the workflow's author
    /// can see which part of a hand-made or odd event to fix.
    #[test]
    fn missing_fields_are_named_one_by_one() {
        let message = |name: &str, payload: &str| match normalize(name, payload, false, Some("o/r"))
        {
            Event::RunAll(Reason::MissingFields, m) => m,
            other => panic!("{other:?}"),
        };
        let zero = "0".repeat(40);
        let pr = |number: &str, base: &str, head: &str| {
            format!(
                r#"{{{number}"pull_request":{{"base":{{"sha":"{base}"}},"head":{{"sha":"{head}"}}}}}}"#
            )
        };
        assert_eq!(
            message("pull_request", &pr("", "b1", "h1")),
            "the pull_request event lacks the pull request's number"
        );
        assert_eq!(
            message("pull_request", &pr(r#""number":7,"#, "b1", &zero)),
            "the pull_request event lacks pull_request.head.sha"
        );
        assert_eq!(
            message("pull_request_target", &pr("", "", "h1")),
            "the pull_request_target event lacks the pull request's number and pull_request.base.sha"
        );
        assert_eq!(
            message("pull_request", "{}"),
            "the pull_request event lacks the pull request's number, pull_request.base.sha and pull_request.head.sha"
        );
        assert_eq!(
            message("merge_group", r#"{"merge_group":{"base_sha":"b1"}}"#),
            "the merge_group event lacks merge_group.head_sha"
        );
        assert_eq!(
            message("range", r#"{"head":"h1"}"#),
            "the range event lacks base"
        );
        // A range takes any revision, zeros included: only the empty head is missing.
        assert_eq!(
            message("range", &format!(r#"{{"base":"{zero}","head":""}}"#)),
            "the range event lacks head"
        );
    }

    #[test]
    fn a_full_name_alone_names_the_repository() {
        let pr = r#"{"number":7,"pull_request":{"base":{"sha":"b1"},"head":{"sha":"h1"}},"repository":{"full_name":"me/mine"}}"#;
        for fallback in [None, Some("o/r")] {
            let Event::Pull { repo, .. } = normalize("pull_request", pr, false, fallback) else {
                panic!("not a pull request event");
            };
            assert_eq!((repo.owner.as_str(), repo.name.as_str()), ("me", "mine"));
        }
        // A full_name without a slash is no name: the runner's repository is used.
        let odd = pr.replace("me/mine", "mine");
        let Event::Pull { repo, .. } = normalize("pull_request", &odd, false, Some("o/r")) else {
            panic!("not a pull request event");
        };
        assert_eq!((repo.owner.as_str(), repo.name.as_str()), ("o", "r"));
    }

    #[test]
    fn reason_codes_are_kebab_case_and_distinct() {
        let codes: std::collections::HashSet<&str> = Reason::ALL.iter().map(|r| r.code()).collect();
        assert_eq!(codes.len(), Reason::ALL.len());
        for r in Reason::ALL {
            assert_eq!(
                serde_json::to_value(r).unwrap(),
                serde_json::Value::String(r.code().into())
            );
        }
    }
}
