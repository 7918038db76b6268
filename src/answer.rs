//! The caller's answers to requests, typed by the kind of request they
//! answer. Every field of an answer is read here, once; the walks in `fetch`,
//! `baseline` and `run` match on the variants and never look up keys.
//!
//! Decoding never fails outright: a field that is absent or of the wrong
//! shape becomes `None` or a [`Malformed`] description, so the walk can stop
//! with `api-error` and say which field was wrong.

use crate::event::Reason;
use crate::fetch::{describe_failure, Halt, Kind, Request};
use crate::select::ChangedFile;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::HashMap;

crate::codes::codes! {
    /// Why a request failed, as the caller classified it.
    pub enum FailureKind {
        /// The API answered with an error status.
        Http = "http",
        Network = "network",
        Timeout = "timeout",
        /// The answer arrived but did not have the expected shape.
        Malformed = "malformed",
        NotFound = "not-found",
        /// A local read failed.
        Io = "io",
        /// Any kind the core does not know (or none).
        Unknown = "error",
    }
}

impl<'de> Deserialize<'de> for FailureKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Ok(FailureKind::ALL
            .iter()
            .copied()
            .find(|k| k.code() == text)
            .unwrap_or(FailureKind::Unknown))
    }
}

/// A failed request, as the caller saw it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "RequestFailure"))]
pub struct Failure {
    #[serde(default = "unknown")]
    pub kind: FailureKind,
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub status: Option<u16>,
    #[serde(default)]
    pub message: String,
}

fn unknown() -> FailureKind {
    FailureKind::Unknown
}

/// The caller's answer to one request, as it crosses the boundary.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Response {
    pub id: String,
    pub ok: bool,
    /// The answer's data; its shape is checked per request kind when read.
    #[serde(default)]
    #[cfg_attr(test, ts(type = "unknown", optional))]
    pub data: Value,
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub error: Option<Failure>,
}

/// What is wrong with a field of an answer (for the `api-error` detail).
pub type Malformed = String;

/// A list of changed files, or what is wrong with it.
pub type Files<'a> = Result<Cow<'a, [ChangedFile]>, Malformed>;

/// An answer, typed by the request it answers: one variant per [`Kind`].
#[derive(Debug)]
pub enum Answer<'a> {
    Read {
        text: Option<&'a str>,
        /// The file's bytes, when the caller found them not to be UTF-8.
        bytes: Option<Vec<u8>>,
    },
    PullFiles {
        files: Files<'a>,
        /// The pull request's head after its files were listed; `None`
        /// unless a full sha.
        head_sha: Option<&'a str>,
        /// Its head when the listing began (`headShaBefore`, asked with the
        /// first page), when the caller gives it; not a full sha is malformed.
        head_sha_before: Result<Option<&'a str>, Malformed>,
        /// The pull request's own count of changed files.
        changed_files: Option<u64>,
    },
    Compare {
        /// `ahead`, `behind`, `diverged` or `identical`.
        status: &'a str,
        total_commits: Option<u64>,
        files: Files<'a>,
    },
    Commits {
        shas: Result<Vec<String>, Malformed>,
    },
    CommitFiles {
        files: Files<'a>,
    },
    Content {
        text: Option<&'a str>,
    },
    WorkflowRun {
        workflow_id: Option<u64>,
    },
    /// The listing is read run by run in `baseline`, which names the run
    /// field at fault.
    WorkflowRuns {
        data: &'a Value,
    },
}

/// Whether `text` has the shape of a full commit sha (40 hexadecimal digits).
/// Anything else from the API is a malformed answer, never a ref to log or use.
pub fn is_sha(text: &str) -> bool {
    text.len() == 40 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The `files` list of an answer. A rename must name its old path (a rename
/// without it would silently drop a changed path).
fn files(data: &Value) -> Files<'static> {
    let files: Vec<ChangedFile> = match data.get("files") {
        Some(v @ Value::Array(_)) => serde_json::from_value(v.clone())
            .map_err(|_| "the `files` list is malformed".to_string())?,
        _ => return Err("the answer has no `files` list".into()),
    };
    if let Some(f) = files
        .iter()
        .find(|f| f.status.as_deref() == Some("renamed") && f.previous_filename.is_none())
    {
        return Err(format!(
            "the rename of {} does not name its previous path",
            crate::error::quote(&f.filename)
        ));
    }
    Ok(Cow::Owned(files))
}

impl<'a> Answer<'a> {
    /// Reads `data` as the answer to a request of `kind`.
    pub fn decode(kind: &Kind, data: &'a Value) -> Answer<'a> {
        let text = |key| data.get(key).and_then(Value::as_str);
        let count = |key| data.get(key).and_then(Value::as_u64);
        match kind {
            Kind::Read { .. } => Answer::Read {
                text: text("text"),
                bytes: data
                    .get("bytes")
                    .map(|b| serde_json::from_value(b.clone()).unwrap_or_default()),
            },
            Kind::PullFiles { .. } => Answer::PullFiles {
                files: files(data),
                head_sha: text("headSha").filter(|h| is_sha(h)),
                head_sha_before: match data.get("headShaBefore") {
                    None => Ok(None),
                    Some(Value::String(h)) if is_sha(h) => Ok(Some(h.as_str())),
                    Some(_) => Err("`headShaBefore` is not 40 hexadecimal digits".into()),
                },
                changed_files: count("changedFiles"),
            },
            Kind::Compare { .. } => Answer::Compare {
                status: text("status").unwrap_or(""),
                total_commits: count("totalCommits"),
                files: files(data),
            },
            Kind::Commits { .. } => Answer::Commits {
                shas: match data.get("shas") {
                    Some(v) => serde_json::from_value(v.clone())
                        .map_err(|_| "the `shas` list is malformed".to_string()),
                    None => Err("the answer has no `shas` list".into()),
                },
            },
            Kind::CommitFiles { .. } => Answer::CommitFiles { files: files(data) },
            Kind::Content { .. } => Answer::Content { text: text("text") },
            Kind::WorkflowRun { .. } => Answer::WorkflowRun {
                workflow_id: count("workflow_id"),
            },
            Kind::WorkflowRuns { .. } => Answer::WorkflowRuns { data },
        }
    }
}

/// A complete list of changed files given by the caller. It answers every
/// file-list request (pull files, compare, commits, commit files), so an
/// event still names the repository and the revisions while nothing is
/// fetched to learn what changed.
#[derive(Debug, Clone, Copy)]
pub struct Listed<'a> {
    pub files: &'a [ChangedFile],
    /// The event's head commit: the list stands for the change as of it.
    pub head: &'a str,
}

impl<'a> Listed<'a> {
    /// The answer to a file-list request; `None` for any other kind.
    fn answer(&self, kind: &Kind) -> Option<Answer<'a>> {
        let files = || Ok(Cow::Borrowed(self.files));
        Some(match kind {
            Kind::PullFiles { .. } => Answer::PullFiles {
                files: files(),
                head_sha: Some(self.head),
                head_sha_before: Ok(None),
                changed_files: Some(crate::select::distinct_names(self.files) as u64),
            },
            Kind::Compare { .. } => Answer::Compare {
                status: "ahead",
                total_commits: None,
                files: files(),
            },
            Kind::Commits { head, .. } => Answer::Commits {
                shas: Ok(vec![head.clone()]),
            },
            Kind::CommitFiles { .. } => Answer::CommitFiles { files: files() },
            _ => return None,
        })
    }
}

/// The answers received so far.
pub struct Answers<'a> {
    by_id: HashMap<&'a str, &'a Response>,
    listed: Option<Listed<'a>>,
    /// In `decide`, a missing answer is a failure rather than a request.
    pub final_pass: bool,
}

static NO_DETAIL: Failure = Failure {
    kind: FailureKind::Unknown,
    status: None,
    message: String::new(),
};

impl<'a> Answers<'a> {
    pub fn new(responses: &'a [Response], final_pass: bool) -> Self {
        Answers {
            by_id: responses.iter().map(|r| (r.id.as_str(), r)).collect(),
            listed: None,
            final_pass,
        }
    }

    /// File-list requests are answered from `listed` instead of the caller.
    pub fn with_listed(mut self, listed: Option<Listed<'a>>) -> Self {
        self.listed = listed;
        self
    }

    /// The answer to `req`: its data, a request for it, or a failure.
    pub fn get(&self, req: Request) -> Result<Result<Answer<'a>, &'a Failure>, Halt> {
        if let Some(answer) = self.listed.and_then(|l| l.answer(&req.kind)) {
            return Ok(Ok(answer));
        }
        match self.by_id.get(req.id.as_str()) {
            Some(r) if r.ok => Ok(Ok(Answer::decode(&req.kind, &r.data))),
            Some(r) => Ok(Err(r.error.as_ref().unwrap_or(&NO_DETAIL))),
            None if self.final_pass => Err(Halt::Stop(
                Reason::ApiError,
                format!("no answer was given for {}", crate::error::quote(&req.id)),
            )),
            None => Err(Halt::Need(vec![req])),
        }
    }

    /// Like [`Answers::get`] but an API failure stops the walk with `api-error`.
    pub fn data(&self, req: Request) -> Result<Answer<'a>, Halt> {
        let (id, kind) = (req.id.clone(), req.kind.clone());
        self.get(req)?
            .map_err(|f| Halt::Stop(Reason::ApiError, describe_failure(&id, &kind, f)))
    }
}
