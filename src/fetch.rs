//! Which API answers a decision needs, and what to make of them.
//!
//! The same walk serves `plan` (collect the requests still unanswered) and
//! `decide` (an unanswered request is a failure, hence a run-all). Nothing in
//! here performs I/O: requests go out as data and answers come back as data.

use crate::config::Limits;
use crate::error::quote;
use crate::event::{Event, Reason, Repo};
use crate::select::ChangedFile;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::borrow::Cow;
use std::collections::HashMap;

/// The pull request files API stops listing at this many files.
pub const PULL_FILES_CAP: usize = 3_000;
/// The compare API lists at most this many files and cannot be paged.
pub const COMPARE_FILES_CAP: usize = 300;
/// The single-commit API lists at most this many files.
pub const COMMIT_FILES_CAP: usize = 3_000;

/// One I/O request for the caller.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Request {
    pub id: String,
    /// The repository the API call goes to; absent for workspace reads and
    /// for local ranges (the CLI answers from its own git checkout).
    #[serde(flatten)]
    pub target: Target,
    #[serde(flatten)]
    pub kind: Kind,
}

/// `owner` and `repo` of an API request.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Target {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repo: Option<String>,
}

impl Target {
    pub(crate) fn of(repo: &Option<Repo>) -> Target {
        match repo {
            Some(r) => Target {
                owner: Some(r.owner.clone()),
                repo: Some(r.name.clone()),
            },
            None => Target::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "kebab-case",
    rename_all_fields = "camelCase"
)]
pub enum Kind {
    Read {
        path: String,
    },
    PullFiles {
        number: u64,
        max_files: usize,
    },
    Compare {
        base: String,
        head: String,
    },
    Commits {
        base: String,
        head: String,
        max_commits: usize,
    },
    CommitFiles {
        sha: String,
        max_files: usize,
    },
    Content {
        path: String,
        #[serde(rename = "ref", skip_serializing_if = "Option::is_none")]
        git_ref: Option<String>,
    },
    /// One workflow run (to learn its workflow), for `baseline: last-success`.
    WorkflowRun {
        run_id: u64,
    },
    /// A workflow's successful push runs on a branch, newest first.
    WorkflowRuns {
        /// The workflow's numeric id or file name.
        workflow: String,
        branch: String,
        per_page: usize,
    },
}

/// A failed request, as the caller saw it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Failure {
    pub kind: String,
    #[serde(default)]
    pub status: Option<u16>,
    #[serde(default)]
    pub message: String,
}

/// The caller's answer to one request.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Response {
    pub id: String,
    pub ok: bool,
    #[serde(default)]
    pub data: Value,
    #[serde(default)]
    pub error: Option<Failure>,
}

/// Why the walk cannot go on yet, or at all.
#[derive(Debug)]
pub enum Halt {
    /// These requests must be answered first.
    Need(Vec<Request>),
    /// No trustworthy answer: run everything (or nothing, for a deleted branch).
    Stop(Reason, String),
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

impl Listed<'_> {
    /// The answer to a file-list request; `None` for any other kind.
    fn answer(&self, kind: &Kind) -> Option<Value> {
        let files = || serde_json::to_value(self.files).unwrap_or(Value::Null);
        Some(match kind {
            Kind::PullFiles { .. } => {
                let distinct = self
                    .files
                    .iter()
                    .map(|f| f.filename.as_str())
                    .collect::<std::collections::HashSet<_>>()
                    .len();
                json!({ "files": files(), "headSha": self.head, "changedFiles": distinct })
            }
            Kind::Compare { .. } => json!({ "status": "ahead", "files": files() }),
            Kind::Commits { head, .. } => json!({ "shas": [head] }),
            Kind::CommitFiles { .. } => json!({ "files": files() }),
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
    pub fn get(&self, req: Request) -> Result<Result<Cow<'a, Value>, &'a Failure>, Halt> {
        if let Some(data) = self.listed.and_then(|l| l.answer(&req.kind)) {
            return Ok(Ok(Cow::Owned(data)));
        }
        self.caller(req).map(|r| r.map(Cow::Borrowed))
    }

    /// The caller's own answer to `req` (file reads and revisions, which a
    /// given file list never answers).
    pub fn caller(&self, req: Request) -> Result<Result<&'a Value, &'a Failure>, Halt> {
        match self.by_id.get(req.id.as_str()) {
            Some(r) if r.ok => Ok(Ok(&r.data)),
            Some(r) => Ok(Err(r.error.as_ref().unwrap_or(&NO_DETAIL))),
            None if self.final_pass => Err(Halt::Stop(
                Reason::ApiError,
                format!("no answer was given for {}", quote(&req.id)),
            )),
            None => Err(Halt::Need(vec![req])),
        }
    }

    /// Like [`Answers::get`] but an API failure stops the walk with `api-error`.
    fn data(&self, req: Request) -> Result<Cow<'a, Value>, Halt> {
        let id = req.id.clone();
        self.get(req)?
            .map_err(|f| Halt::Stop(Reason::ApiError, describe_failure(&id, f)))
    }
}

static NO_DETAIL: Failure = Failure {
    kind: String::new(),
    status: None,
    message: String::new(),
};

/// One sentence about a failed request, safe to log (the message is quoted).
pub fn describe_failure(id: &str, f: &Failure) -> String {
    let status = f.status.map(|s| format!(" {s}")).unwrap_or_default();
    let mut text = format!(
        "{} failed ({}{status}): {}",
        quote(id),
        if f.kind.is_empty() { "error" } else { &f.kind },
        quote(&f.message)
    );
    if f.status == Some(403) && f.message.contains("Resource not accessible by integration") {
        text.push_str("; the token likely lacks the `pull-requests: read` permission");
    }
    text
}

/// A malformed answer: the walk stops with `api-error`.
fn malformed(id: &str, what: &str) -> Halt {
    Halt::Stop(
        Reason::ApiError,
        format!("{}: malformed answer: {what}", quote(id)),
    )
}

/// Whether `text` has the shape of a full commit sha (40 hexadecimal digits).
/// Anything else from the API is a malformed answer, never a ref to log or use.
pub fn is_sha(text: &str) -> bool {
    text.len() == 40 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The changed files of an answer. A rename must name its old path (a
/// rename without it would silently drop a changed path).
fn files_of(id: &str, data: &Value, field: &str) -> Result<Vec<ChangedFile>, Halt> {
    let files: Vec<ChangedFile> = match data.get(field) {
        Some(v @ Value::Array(_)) => serde_json::from_value(v.clone())
            .map_err(|_| malformed(id, &format!("the `{field}` list is malformed")))?,
        _ => return Err(malformed(id, &format!("the answer has no `{field}` list"))),
    };
    if let Some(f) = files
        .iter()
        .find(|f| f.status.as_deref() == Some("renamed") && f.previous_filename.is_none())
    {
        return Err(malformed(
            id,
            &format!(
                "the rename of {} does not name its previous path",
                quote(&f.filename)
            ),
        ));
    }
    Ok(files)
}

/// The complete list of changed files for an event, or why there is none.
pub fn changed_files(
    event: &Event,
    limits: &Limits,
    answers: &Answers,
) -> Result<(Vec<ChangedFile>, String), Halt> {
    match event {
        Event::RunAll(reason, detail) | Event::Nothing(reason, detail) => {
            Err(Halt::Stop(*reason, detail.clone()))
        }
        Event::Pull {
            repo,
            number,
            base,
            head,
        } => {
            let req = Request {
                id: format!("pull-files:{number}"),
                target: Target::of(&Some(repo.clone())),
                kind: Kind::PullFiles {
                    number: *number,
                    max_files: PULL_FILES_CAP,
                },
            };
            let id = req.id.clone();
            let data = answers.data(req)?;
            let files = files_of(&id, &data, "files")?;
            if files.len() >= PULL_FILES_CAP {
                return Err(Halt::Stop(Reason::Truncated, format!("the pull request lists {PULL_FILES_CAP} files or more, the most the API returns")));
            }
            let head_sha = match data.get("headSha").and_then(Value::as_str) {
                Some(h) if is_sha(h) => h,
                _ => {
                    return Err(malformed(
                        &id,
                        "the pull request's head sha is not 40 hexadecimal digits",
                    ))
                }
            };
            // A short page, or a list that shifted between pages, must not
            // pass as complete: the distinct names must add up to the PR's count.
            let Some(expected) = data.get("changedFiles").and_then(Value::as_u64) else {
                return Err(malformed(
                    &id,
                    "the pull request has no `changed_files` count",
                ));
            };
            let distinct = files
                .iter()
                .map(|f| f.filename.as_str())
                .collect::<std::collections::HashSet<_>>()
                .len();
            if expected >= PULL_FILES_CAP as u64 {
                return Err(Halt::Stop(Reason::Truncated, format!("the pull request changes {expected} files, at least {PULL_FILES_CAP}, the most the API lists")));
            }
            if distinct as u64 != expected {
                return Err(Halt::Stop(
                    Reason::Truncated,
                    format!("{}: {distinct} distinct files were listed but the pull request changes {expected}", quote(&id)),
                ));
            }
            if head_sha == head {
                Ok((files, format!("pull request #{number} files")))
            } else {
                let (files, _) = range(&Some(repo.clone()), base, head, limits, answers)?;
                Ok((
                    files,
                    format!("pull request #{number} moved on; compared base...head of the event"),
                ))
            }
        }
        Event::Push {
            repo,
            before,
            after,
            forced,
            ..
        } => {
            let repo = Some(repo.clone());
            let (mut files, status) = range(&repo, before, after, limits, answers)?;
            if *forced || status == "diverged" || status == "behind" {
                let (back, _) = range(&repo, after, before, limits, answers)?;
                files.extend(back);
                return Ok((
                    files,
                    format!(
                        "push {}; compared both directions",
                        if *forced { "was forced" } else { "diverged" }
                    ),
                ));
            }
            Ok((files, "push compared before...after".into()))
        }
        Event::Range { repo, base, head } => range(repo, base, head, limits, answers)
            .map(|(f, _)| (f, format!("compared {}...{}", abbrev(base), abbrev(head)))),
    }
}

/// A commit id shortened as git shows it; other revisions unchanged.
fn abbrev(rev: &str) -> &str {
    if rev.len() == 40 && rev.bytes().all(|b| b.is_ascii_hexdigit()) {
        &rev[..12]
    } else {
        rev
    }
}

/// Files changed in `base...head`; when the compare answer is capped, the
/// union of every commit's files in the range, within the commit budget.
pub(crate) fn range(
    repo: &Option<Repo>,
    base: &str,
    head: &str,
    limits: &Limits,
    answers: &Answers,
) -> Result<(Vec<ChangedFile>, String), Halt> {
    let target = Target::of(repo);
    let req = compare_request(&target, base, head);
    let id = req.id.clone();
    let data = answers.data(req)?;
    let status = data
        .get("status")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let files = files_of(&id, &data, "files")?;
    if files.len() < COMPARE_FILES_CAP {
        return Ok((files, status));
    }
    let total = data
        .get("totalCommits")
        .and_then(Value::as_u64)
        .unwrap_or(0) as usize;
    if total > limits.max_commits {
        return Err(Halt::Stop(Reason::Truncated, format!("{} lists {COMPARE_FILES_CAP} files (the API's cap) and the range has {total} commits, more than the {} that are listed one by one", quote(&id), limits.max_commits)));
    }
    let req = Request {
        id: format!("commits:{base}...{head}"),
        target: target.clone(),
        kind: Kind::Commits {
            base: base.into(),
            head: head.into(),
            max_commits: limits.max_commits + 1,
        },
    };
    let cid = req.id.clone();
    let shas: Vec<String> = match answers.data(req)?.get("shas") {
        Some(v) => serde_json::from_value(v.clone())
            .map_err(|_| malformed(&cid, "the `shas` list is malformed"))?,
        None => return Err(malformed(&cid, "the answer has no `shas` list")),
    };
    if shas.iter().any(|s| !is_sha(s)) {
        return Err(malformed(&cid, "a commit sha is not 40 hexadecimal digits"));
    }
    if shas.len() > limits.max_commits || shas.len() < total || shas.is_empty() {
        return Err(Halt::Stop(
            Reason::Truncated,
            format!(
                "{}: {} commits listed for a range of {total}; the per-commit budget is {}",
                quote(&cid),
                shas.len(),
                limits.max_commits
            ),
        ));
    }
    let mut need = Vec::new();
    let mut union = Vec::new();
    for sha in &shas {
        let req = Request {
            id: format!("commit-files:{sha}"),
            target: target.clone(),
            kind: Kind::CommitFiles {
                sha: sha.clone(),
                max_files: COMMIT_FILES_CAP,
            },
        };
        let rid = req.id.clone();
        match answers.data(req) {
            Ok(data) => {
                let files = files_of(&rid, &data, "files")?;
                if files.len() >= COMMIT_FILES_CAP {
                    return Err(Halt::Stop(
                        Reason::Truncated,
                        format!("{} lists {COMMIT_FILES_CAP} files or more", quote(&rid)),
                    ));
                }
                union.extend(files);
            }
            Err(Halt::Need(mut r)) => need.append(&mut r),
            Err(stop) => return Err(stop),
        }
    }
    if !need.is_empty() {
        return Err(Halt::Need(need));
    }
    Ok((union, status))
}

/// The compare request for `base...head`.
pub(crate) fn compare_request(target: &Target, base: &str, head: &str) -> Request {
    Request {
        id: format!("compare:{base}...{head}"),
        target: target.clone(),
        kind: Kind::Compare {
            base: base.into(),
            head: head.into(),
        },
    }
}

/// The git ref holding the previous revision of files, per event.
pub fn base_ref(event: &Event) -> Option<String> {
    match event {
        Event::Pull { base, .. } | Event::Range { base, .. } => Some(base.clone()),
        Event::Push { before, .. } => Some(before.clone()),
        _ => None,
    }
}

pub fn repo_of(event: &Event) -> Option<Repo> {
    match event {
        Event::Pull { repo, .. } | Event::Push { repo, .. } => Some(repo.clone()),
        Event::Range { repo, .. } => repo.clone(),
        _ => None,
    }
}

/// A request for a file's previous revision.
pub fn content_request(repo: &Option<Repo>, path: &str, git_ref: &Option<String>) -> Request {
    Request {
        id: format!("content:{}@{}", path, git_ref.as_deref().unwrap_or("")),
        target: Target::of(repo),
        kind: Kind::Content {
            path: path.into(),
            git_ref: git_ref.clone(),
        },
    }
}

/// A request for a workspace file.
pub fn read_request(path: &str) -> Request {
    Request {
        id: format!("read:{path}"),
        target: Target::default(),
        kind: Kind::Read { path: path.into() },
    }
}
