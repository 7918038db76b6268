//! `baseline: last-success`: a branch push is compared with the head of the
//! last successful run of the same workflow on that branch, not with the
//! push's `before`. When the previous run failed or was cancelled, its
//! changes are then built by the next push instead of never.
//!
//! The walk: identify the workflow (from `GITHUB_WORKFLOW_REF`, else by asking
//! for the current run), list its successful push runs on the branch, take
//! the newest one that is neither this run nor this commit, and compare its
//! head with the push's `after` using the same machinery as any push.

use crate::event::{Event, Reason, Repo};
use crate::fetch::{self, Answer, Answers, Halt, Kind, Request, Target};
use crate::select::ChangedFile;
use crate::{config::Limits, error::quote};
use serde::Deserialize;
use serde_json::Value;

/// What a push is compared with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "BaselineMode"))]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// The event's own range (`before...after` for a push).
    #[default]
    Event,
    /// The head of the last successful run of this workflow on the branch.
    LastSuccess,
}

/// Runs asked for in one listing: enough to step over re-runs of this commit.
pub const RUNS_PER_PAGE: usize = 100;

/// Where the current run comes from, as the runner tells it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    pub mode: Mode,
    /// `GITHUB_RUN_ID`.
    pub run_id: Option<&'a str>,
    /// `GITHUB_WORKFLOW_REF`: `owner/repo/.github/workflows/x.yml@ref`.
    pub workflow_ref: Option<&'a str>,
}

/// The successful run whose head the change was computed against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Baseline {
    pub run_number: u64,
    pub sha: String,
    /// The run's page, when it has a plain https address.
    pub url: Option<String>,
    /// Commits from the baseline to the push's head (the compare's count).
    pub commits: Option<u64>,
}

/// The change against the baseline.
pub struct Compared {
    pub files: Vec<ChangedFile>,
    /// How the files were found, for the reason detail.
    pub how: String,
    pub baseline: Baseline,
}

/// The changed files against the baseline, with how they were found; `None`
/// when the mode is `event` or the event is not a branch push (tags, deleted
/// branches and first pushes keep their own decisions).
pub fn changed_files(
    event: &Event,
    ctx: &Context,
    limits: &Limits,
    answers: &Answers,
) -> Option<Result<Compared, Halt>> {
    if ctx.mode != Mode::LastSuccess {
        return None;
    }
    let Event::Push {
        repo,
        after,
        branch,
        ..
    } = event
    else {
        return None;
    };
    Some(walk(repo, after, branch.as_deref(), ctx, limits, answers))
}

fn walk(
    repo: &Repo,
    after: &str,
    branch: Option<&str>,
    ctx: &Context,
    limits: &Limits,
    answers: &Answers,
) -> Result<Compared, Halt> {
    let Some(branch) = branch else {
        return Err(Halt::Stop(
            Reason::MissingFields,
            "baseline: last-success needs a push to a branch (refs/heads/...)".into(),
        ));
    };
    let run_id = match ctx.run_id.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(s.parse::<u64>().map_err(|_| {
            Halt::Stop(
                Reason::MissingFields,
                format!("GITHUB_RUN_ID {} is not a run id", quote(s)),
            )
        })?),
    };
    let target = Target::of(&Some(repo.clone()));
    let workflow = match ctx.workflow_ref.and_then(workflow_file) {
        Some(file) => file,
        None => {
            let Some(id) = run_id else {
                return Err(Halt::Stop(
                    Reason::MissingFields,
                    "baseline: last-success needs GITHUB_WORKFLOW_REF or GITHUB_RUN_ID to find this workflow".into(),
                ));
            };
            let req = Request {
                id: format!("workflow-run:{id}"),
                target: target.clone(),
                kind: Kind::WorkflowRun { run_id: id },
            };
            let rid = req.id.clone();
            match answers.data(req)? {
                Answer::WorkflowRun {
                    workflow_id: Some(w),
                } => w.to_string(),
                _ => return Err(fetch::malformed(&rid, "no numeric `workflow_id`")),
            }
        }
    };
    let req = Request {
        id: format!("workflow-runs:{workflow}@{branch}"),
        target: target.clone(),
        kind: Kind::WorkflowRuns {
            workflow: workflow.clone(),
            branch: branch.to_string(),
            per_page: RUNS_PER_PAGE,
        },
    };
    let rid = req.id.clone();
    let Answer::WorkflowRuns { data } = answers.data(req)? else {
        return Err(fetch::malformed(&rid, "not a listing of runs"));
    };
    let runs = parse_runs(&rid, data)?;
    let usable = runs.into_iter().find(|r| {
        Some(r.id) != run_id
            && !r.head_sha.eq_ignore_ascii_case(after)
            && r.conclusion.as_deref() == Some("success")
            && r.event.as_deref() == Some("push")
            && r.head_branch.as_deref() == Some(branch)
    });
    let Some(run) = usable else {
        return Err(Halt::Stop(
            Reason::NoBaseline,
            format!(
                "no earlier successful push run of workflow {} on branch {} to compare with (the first run with baseline: last-success builds everything)",
                quote(&workflow),
                quote(branch)
            ),
        ));
    };
    let repo = Some(repo.clone());
    let short = &run.head_sha[..7];
    let (mut files, status) = fetch::range(&repo, &run.head_sha, after, limits, answers)?;
    let how = if status == "diverged" || status == "behind" {
        let (back, _) = fetch::range(&repo, after, &run.head_sha, limits, answers)?;
        files.extend(back);
        format!("the last successful run #{} ({short}) is not an ancestor of the push (history was rewritten); compared both directions", run.run_number)
    } else {
        format!(
            "push compared with the last successful run #{} ({short})",
            run.run_number
        )
    };
    let commits = match answers.get(fetch::compare_request(&target, &run.head_sha, after)) {
        Ok(Ok(Answer::Compare { total_commits, .. })) => total_commits,
        _ => None,
    };
    let url = run.html_url.filter(|u| safe_url(u));
    Ok(Compared {
        files,
        how,
        baseline: Baseline {
            run_number: run.run_number,
            sha: run.head_sha,
            url,
            commits,
        },
    })
}

/// `x.yml` from `owner/repo/.github/workflows/x.yml@refs/heads/main`.
fn workflow_file(workflow_ref: &str) -> Option<String> {
    let (_, rest) = workflow_ref.split_once("/.github/workflows/")?;
    let file = rest.split('@').next()?;
    (!file.is_empty() && !file.contains('/')).then(|| file.to_string())
}

/// A run as listed; only what the choice needs.
struct Run {
    id: u64,
    run_number: u64,
    head_sha: String,
    head_branch: Option<String>,
    event: Option<String>,
    conclusion: Option<String>,
    html_url: Option<String>,
}

/// Checks the listing's shape: a wrong shape is a failed answer, never "no runs".
fn parse_runs(id: &str, data: &Value) -> Result<Vec<Run>, Halt> {
    let Some(list) = data.get("workflow_runs").and_then(Value::as_array) else {
        return Err(fetch::malformed(id, "no `workflow_runs` list"));
    };
    let text = |run: &Value, key: &str| -> Result<Option<String>, Halt> {
        match run.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(fetch::malformed(
                id,
                &format!("a run whose `{key}` is not text"),
            )),
        }
    };
    list.iter()
        .map(|run| {
            let number = |key: &str| {
                run.get(key).and_then(Value::as_u64).ok_or_else(|| {
                    fetch::malformed(id, &format!("a run without a numeric `{key}`"))
                })
            };
            let head_sha = match run.get("head_sha").and_then(Value::as_str) {
                Some(s) if fetch::is_sha(s) => s.to_ascii_lowercase(),
                _ => {
                    return Err(fetch::malformed(
                        id,
                        "a run whose `head_sha` is not 40 hex digits",
                    ))
                }
            };
            Ok(Run {
                id: number("id")?,
                run_number: number("run_number")?,
                head_sha,
                head_branch: text(run, "head_branch")?,
                event: text(run, "event")?,
                conclusion: text(run, "conclusion")?,
                html_url: text(run, "html_url")?,
            })
        })
        .collect()
}

/// Only plain https addresses are linked from the job summary.
fn safe_url(url: &str) -> bool {
    url.starts_with("https://")
        && url.len() <= 500
        && url
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/:.-_~".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fetch::{Failure, Response};
    use serde_json::json;

    const A: &str = "1111111111111111111111111111111111111111";
    const S: &str = "2222222222222222222222222222222222222222";

    fn push() -> Event {
        Event::Push {
            repo: Repo {
                owner: "o".into(),
                name: "r".into(),
            },
            before: "3333333333333333333333333333333333333333".into(),
            after: A.into(),
            forced: false,
            branch: Some("main".into()),
        }
    }

    fn ctx() -> Context<'static> {
        Context {
            mode: Mode::LastSuccess,
            run_id: Some("9"),
            workflow_ref: Some("o/r/.github/workflows/build.yml@refs/heads/main"),
        }
    }

    fn ok(id: &str, data: Value) -> Response {
        Response {
            id: id.into(),
            ok: true,
            data,
            error: None,
        }
    }

    fn run(id: u64, sha: &str, conclusion: &str) -> Value {
        json!({"id": id, "run_number": id, "head_sha": sha, "head_branch": "main", "event": "push",
               "status": "completed", "conclusion": conclusion, "html_url": format!("https://github.com/o/r/actions/runs/{id}")})
    }

    fn outcome(responses: &[Response]) -> Result<Compared, Halt> {
        changed_files(
            &push(),
            &ctx(),
            &crate::config::DEFAULT_LIMITS,
            &Answers::new(responses, true),
        )
        .expect("applies to a branch push")
    }

    const RUNS: &str = "workflow-runs:build.yml@main";

    #[test]
    fn event_mode_and_other_events_keep_their_decisions() {
        let answers = Answers::new(&[], false);
        let event_mode = Context {
            mode: Mode::Event,
            ..ctx()
        };
        assert!(changed_files(
            &push(),
            &event_mode,
            &crate::config::DEFAULT_LIMITS,
            &answers
        )
        .is_none());
        let tag = Event::RunAll(Reason::Tag, String::new());
        assert!(changed_files(&tag, &ctx(), &crate::config::DEFAULT_LIMITS, &answers).is_none());
    }

    #[test]
    fn asks_for_the_runs_then_compares_with_the_newest_usable_one() {
        let need = changed_files(
            &push(),
            &ctx(),
            &crate::config::DEFAULT_LIMITS,
            &Answers::new(&[], false),
        );
        let Some(Err(Halt::Need(reqs))) = need else {
            panic!("expected a request")
        };
        assert_eq!(reqs[0].id, RUNS);
        let runs = ok(
            RUNS,
            json!({"total_count": 3, "workflow_runs": [run(9, S, "success"), run(8, A, "success"), run(7, S, "success")]}),
        );
        let compare = ok(
            &format!("compare:{S}...{A}"),
            json!({"status": "ahead", "totalCommits": 2, "files": [{"filename": "x"}]}),
        );
        let Compared {
            files,
            how,
            baseline: b,
        } = outcome(&[runs, compare]).unwrap_or_else(|_| panic!("filtered"));
        assert_eq!(files.len(), 1);
        assert!(how.contains("#7"), "{how}");
        assert_eq!((b.run_number, b.sha.as_str(), b.commits), (7, S, Some(2)));
    }

    #[test]
    fn no_usable_run_is_no_baseline() {
        let runs = ok(
            RUNS,
            json!({"total_count": 2, "workflow_runs": [run(9, S, "success"), run(5, S, "failure")]}),
        );
        assert!(matches!(
            outcome(&[runs]),
            Err(Halt::Stop(Reason::NoBaseline, _))
        ));
    }

    #[test]
    fn wrong_shapes_and_failures_are_api_errors() {
        for data in [
            json!({"total_count": 1}),
            json!({"workflow_runs": {"id": 1}}),
            json!({"workflow_runs": [run(7, "abc", "success")]}),
            json!({"workflow_runs": [{"id": "7", "run_number": 7, "head_sha": S}]}),
            json!({"workflow_runs": [{"id": 7, "run_number": 7, "head_sha": S, "conclusion": 1}]}),
        ] {
            let r = outcome(&[ok(RUNS, data.clone())]);
            assert!(matches!(r, Err(Halt::Stop(Reason::ApiError, _))), "{data}");
        }
        let denied = Response {
            id: RUNS.into(),
            ok: false,
            data: Value::Null,
            error: Some(Failure {
                kind: crate::fetch::FailureKind::Http,
                status: Some(403),
                message: "HTTP 403: Resource not accessible by integration".into(),
            }),
        };
        match outcome(&[denied]) {
            Err(Halt::Stop(Reason::ApiError, d)) => assert!(d.contains("`actions: read`"), "{d}"),
            _ => panic!("expected api-error"),
        }
    }

    #[test]
    fn the_workflow_comes_from_the_run_when_the_ref_is_missing() {
        let c = Context {
            workflow_ref: None,
            ..ctx()
        };
        let ask = |responses: &[Response]| {
            changed_files(
                &push(),
                &c,
                &crate::config::DEFAULT_LIMITS,
                &Answers::new(responses, false),
            )
        };
        let Some(Err(Halt::Need(reqs))) = ask(&[]) else {
            panic!("expected a request")
        };
        assert_eq!(reqs[0].id, "workflow-run:9");
        let found = ok("workflow-run:9", json!({"workflow_id": 42}));
        let Some(Err(Halt::Need(reqs))) = ask(&[found]) else {
            panic!("expected a request")
        };
        assert_eq!(reqs[0].id, "workflow-runs:42@main");
        let none = Context { run_id: None, ..c };
        let r = changed_files(
            &push(),
            &none,
            &crate::config::DEFAULT_LIMITS,
            &Answers::new(&[], false),
        );
        assert!(matches!(r, Some(Err(Halt::Stop(Reason::MissingFields, _)))));
    }

    #[test]
    fn workflow_file_names() {
        assert_eq!(
            workflow_file("o/r/.github/workflows/build.yml@refs/heads/main").as_deref(),
            Some("build.yml")
        );
        assert_eq!(workflow_file("o/r/.github/workflows/@x"), None);
        assert_eq!(workflow_file("nonsense"), None);
        assert!(safe_url("https://github.com/o/r/actions/runs/7"));
        assert!(!safe_url("https://x/)[a](javascript:1"));
    }
}
