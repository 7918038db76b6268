//! Which API answers a decision needs, and what to make of them.
//!
//! The same walk serves `plan` (collect the requests still unanswered) and
//! `decide` (an unanswered request is a failure, hence a run-all). Nothing in
//! here performs I/O: requests go out as data and answers come back as data.

pub use crate::answer::{is_sha, Answer, Answers, Failure, FailureKind, Listed, Response};
use crate::config::Limits;
use crate::error::quote;
use crate::event::{Event, Reason, Repo};
use crate::select::ChangedFile;
use serde::Serialize;

/// The pull request files API stops listing at this many files.
pub const PULL_FILES_CAP: usize = 3_000;
/// The compare API lists at most this many files and cannot be paged.
pub const COMPARE_FILES_CAP: usize = 300;
/// The single-commit API lists at most this many files.
pub const COMMIT_FILES_CAP: usize = 3_000;

/// One I/O request for the caller.
#[cfg_attr(test, derive(ts_rs::TS))]
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
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "RequestTarget"))]
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Target {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub owner: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
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

#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "RequestKind"))]
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
        #[cfg_attr(test, ts(optional))]
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

/// Why the walk cannot go on yet, or at all.
#[derive(Debug)]
pub enum Halt {
    /// These requests must be answered first.
    Need(Vec<Request>),
    /// No trustworthy answer: run everything (or nothing, for a deleted branch).
    Stop(Reason, String),
}

/// One sentence about a failed request, safe to log (the message is quoted).
/// On a 403 it names the permission the request's kind needs.
pub fn describe_failure(id: &str, kind: &Kind, f: &Failure) -> String {
    let status = f.status.map(|s| format!(" {s}")).unwrap_or_default();
    let mut text = format!(
        "{} failed ({}{status}): {}",
        quote(id),
        f.kind,
        quote(&f.message)
    );
    if f.status == Some(403) {
        match kind {
            Kind::WorkflowRun { .. } | Kind::WorkflowRuns { .. } => {
                text.push_str("; listing workflow runs needs the `actions: read` permission")
            }
            _ if f.message.contains("Resource not accessible by integration") => {
                text.push_str("; the token likely lacks the `pull-requests: read` permission")
            }
            _ => {}
        }
    }
    text
}

/// An answer of another kind than the request's: cannot happen, as answers
/// are decoded by their request's kind; fails closed all the same.
fn wrong_kind(id: &str) -> Halt {
    malformed(id, "the answer is not of the request's kind")
}

/// A malformed answer: the walk stops with `api-error`.
pub(crate) fn malformed(id: &str, what: &str) -> Halt {
    Halt::Stop(
        Reason::ApiError,
        format!("{}: malformed answer: {what}", quote(id)),
    )
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
            let Answer::PullFiles {
                files,
                head_sha,
                head_sha_before,
                changed_files,
            } = answers.data(req)?
            else {
                return Err(wrong_kind(&id));
            };
            let files = files.map_err(|what| malformed(&id, &what))?.into_owned();
            if files.len() >= PULL_FILES_CAP {
                return Err(Halt::Stop(Reason::Truncated, format!("the pull request lists {PULL_FILES_CAP} files or more, the most the API returns")));
            }
            let Some(head_sha) = head_sha else {
                return Err(malformed(
                    &id,
                    "the pull request's head sha is not 40 hexadecimal digits",
                ));
            };
            // A short page, or a list that shifted between pages, must not
            // pass as complete: the distinct names must add up to the PR's count.
            let Some(expected) = changed_files else {
                return Err(malformed(
                    &id,
                    "the pull request has no `changed_files` count",
                ));
            };
            let distinct = crate::select::distinct_names(&files);
            if expected >= PULL_FILES_CAP as u64 {
                return Err(Halt::Stop(Reason::Truncated, format!("the pull request changes {expected} files, at least {PULL_FILES_CAP}, the most the API lists")));
            }
            if distinct as u64 != expected {
                return Err(Halt::Stop(
                    Reason::Truncated,
                    format!("{}: {distinct} distinct files were listed but the pull request changes {expected}", quote(&id)),
                ));
            }
            // The head when the listing began must be the event's too: a
            // head that moved away and back may have been listed in between.
            let listed_at_head = match head_sha_before {
                Ok(before) => before.is_none_or(|b| b == head),
                Err(what) => return Err(malformed(&id, &what)),
            };
            if head_sha == head && listed_at_head {
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
    if is_sha(rev) {
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
    let Answer::Compare {
        status,
        total_commits,
        files,
    } = answers.data(req)?
    else {
        return Err(wrong_kind(&id));
    };
    let status = status.to_string();
    let files = files.map_err(|what| malformed(&id, &what))?.into_owned();
    if files.len() < COMPARE_FILES_CAP {
        return Ok((files, status));
    }
    let total = total_commits.unwrap_or(0) as usize;
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
    let Answer::Commits { shas } = answers.data(req)? else {
        return Err(wrong_kind(&cid));
    };
    let mut shas = shas.map_err(|what| malformed(&cid, &what))?;
    if shas.iter().any(|s| !is_sha(s)) {
        return Err(malformed(&cid, "a commit sha is not 40 hexadecimal digits"));
    }
    // A commit listed twice must not stand in for one never listed.
    let mut seen = std::collections::HashSet::new();
    shas.retain(|s| seen.insert(s.clone()));
    if shas.len() > limits.max_commits || shas.len() < total || shas.is_empty() {
        return Err(Halt::Stop(
            Reason::Truncated,
            format!(
                "{}: {} distinct commits listed for a range of {total}; the per-commit budget is {}",
                quote(&cid),
                shas.len(),
                limits.max_commits
            ),
        ));
    }
    let mut need = Vec::new();
    // The compare's own (capped) list is part of the change too.
    let mut union = files;
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
            Ok(Answer::CommitFiles { files }) => {
                let files = files.map_err(|what| malformed(&rid, &what))?;
                if files.len() >= COMMIT_FILES_CAP {
                    return Err(Halt::Stop(
                        Reason::Truncated,
                        format!("{} lists {COMMIT_FILES_CAP} files or more", quote(&rid)),
                    ));
                }
                union.extend(files.iter().cloned());
            }
            Ok(_) => return Err(wrong_kind(&rid)),
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
