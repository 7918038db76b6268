//! The two-step entry points: [`plan`] says what to fetch, [`decide`] turns
//! what was fetched into outputs. Both take the same [`Input`].

use crate::baseline::{self, Baseline};
use crate::config::Config;
use crate::error::{Problem, ProblemKind};
use crate::event::{self, Event, Reason, Repo};
use crate::fetch::{self, Answer, Answers, Halt, Request, Response};
use crate::matrix::Matrix;
use crate::outputs::{self, PartitionResult};
use crate::rules::Rules;
use crate::select::{self, Change, ChangedFile, Revisions, Selection};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::rc::Rc;

/// A file's path (for messages) and text.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Source {
    #[serde(default)]
    pub path: String,
    pub text: String,
}

impl Source {
    /// The path, or [`DEFAULT_CONFIG_PATH`] when none was given.
    pub fn path_or_default(&self) -> &str {
        if self.path.is_empty() {
            DEFAULT_CONFIG_PATH
        } else {
            &self.path
        }
    }
}

/// The matrix file's text; its path is always the config's `matrix.file`.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MatrixText {
    pub text: String,
}

/// The event as the caller found it.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct EventInput {
    pub name: String,
    #[serde(default)]
    pub payload: String,
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<bool>", optional))]
    pub force_all: bool,
    #[serde(default)]
    pub repository: Option<String>,
}

/// What a push is compared with, and where the current run comes from.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct BaselineInput {
    /// The `baseline` input.
    #[serde(default)]
    pub mode: baseline::Mode,
    /// `GITHUB_RUN_ID`.
    #[serde(default)]
    pub run_id: Option<String>,
    /// `GITHUB_WORKFLOW_REF`.
    #[serde(default)]
    pub workflow_ref: Option<String>,
}

/// An explicit, complete list of changed files (library, CLI and playground
/// use). Alone, it is the change; with an event, it answers the event's
/// file-list requests while the event still names the repository, the
/// revisions and whether the run is filtered at all.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Changes {
    pub files: Vec<ChangedFile>,
}

/// Everything `plan` and `decide` look at.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct Input {
    pub config: Source,
    #[serde(default)]
    pub matrix: Option<MatrixText>,
    #[serde(default)]
    pub event: Option<EventInput>,
    #[serde(default)]
    pub changes: Option<Changes>,
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<Vec<Response>>", optional))]
    pub responses: Vec<Response>,
    #[serde(default)]
    pub fallback_reason: Option<String>,
    /// Absent: pushes are compared with their `before`.
    #[serde(default)]
    pub baseline: Option<BaselineInput>,
    /// The config's raw bytes in place of `config.text`, when the caller
    /// found them not to be UTF-8: the core reports where.
    #[serde(default)]
    pub config_bytes: Option<Vec<u8>>,
    /// The event file's size, when the caller did not read it because it is
    /// over the limit (so "too large" is not reported as "missing").
    #[serde(default)]
    pub event_size: Option<u64>,
}

/// What `plan` returns: requests to answer, or the problems that stop everything.
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "PlanResult"))]
#[derive(Debug, Default, Serialize)]
pub struct Plan {
    pub requests: Vec<Request>,
    pub errors: Vec<Problem>,
}

crate::codes::codes! {
    /// What a run does.
    pub enum Decision {
        /// Only the entries the change selects run.
        Filtered = "filtered",
        /// Every entry runs; the reason says why.
        RunAll = "run-all",
        /// No entry runs (a deleted branch).
        Nothing = "nothing",
        /// The config or the matrix is broken: the step fails with `errors`.
        Error = "error",
    }
}

/// What `decide` returns.
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "Result"))]
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    pub errors: Vec<Problem>,
    pub decision: Decision,
    /// Absent (serialised as `""`) when the decision is `error`.
    #[serde(serialize_with = "reason_or_empty")]
    #[cfg_attr(test, ts(type = "Reason | \"\""))]
    pub reason: Option<Reason>,
    pub reason_detail: String,
    pub outputs: Vec<(String, String)>,
    pub partitions: Vec<PartitionResult>,
    pub changed_files: usize,
    pub warnings: Vec<String>,
    pub notes: Vec<String>,
    pub summary: String,
}

fn reason_or_empty<S: serde::Serializer>(r: &Option<Reason>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(r.map_or("", Reason::code))
}

impl Outcome {
    fn failed(problems: Vec<Problem>) -> Outcome {
        Outcome {
            errors: problems,
            decision: Decision::Error,
            reason: None,
            reason_detail: String::new(),
            outputs: Vec::new(),
            partitions: Vec::new(),
            changed_files: 0,
            warnings: Vec::new(),
            notes: Vec::new(),
            summary: String::new(),
        }
    }

    /// The reason's code, or `""` for an error.
    pub fn reason_code(&self) -> &'static str {
        self.reason.map_or("", Reason::code)
    }
}

/// The parsed inputs every step needs.
struct Loaded {
    config: Rc<Config>,
    matrix: Matrix,
    rules: Rules,
}

enum Walk {
    Need(Vec<Request>),
    Failed(Vec<Problem>),
    /// Everything needed is known; `decide` renders it, `plan` stops.
    Ready(Box<Ready>),
}

/// A decision before rendering.
struct Ready {
    loaded: Rc<Loaded>,
    verdict: Verdict,
    warnings: Vec<String>,
    changed: usize,
}

enum Verdict {
    /// Selection runs on these paths with these revisions.
    Filtered {
        paths: Vec<(String, Change)>,
        revisions: Revisions,
        how: String,
        /// The commit the change was computed against (the `base-sha` output).
        base: Option<String>,
        baseline: Option<Box<Baseline>>,
        /// Revisions that could not be fetched (already among the warnings).
        failures: Vec<String>,
    },
    All(Reason, String),
    Nothing(Reason, String),
}

/// The requests still needed before [`decide`] can give a filtered answer.
pub fn plan(input: &Input) -> Plan {
    match walk(input, false) {
        Walk::Need(requests) => Plan {
            requests,
            errors: Vec::new(),
        },
        Walk::Failed(errors) => Plan {
            requests: Vec::new(),
            errors,
        },
        Walk::Ready(_) => Plan::default(),
    }
}

/// The outputs for the answers given; anything unanswered counts as failed.
pub fn decide(input: &Input) -> Outcome {
    match walk(input, true) {
        Walk::Ready(ready) => finish(*ready),
        Walk::Failed(errors) => Outcome::failed(errors),
        // A final pass never asks; this arm only guards the invariant.
        Walk::Need(_) => Outcome::failed(vec![Problem::new(
            ProblemKind::Internal,
            "",
            Default::default(),
            "internal: decide asked for more input",
            "",
        )]),
    }
}

/// The last config and matrix compiled, keyed by the texts they came from.
///
/// The one stateful corner of the crate: callers run `plan` several times
/// and then `decide` on the same texts, and parsing a large matrix dominates
/// a call, so each text is parsed once. The cache only ever returns what a
/// fresh parse of the same texts would.
#[derive(Default)]
struct Cache {
    config: Option<CachedConfig>,
    loaded: Option<CachedLoad>,
}

/// A parsed config with the path and text it came from.
struct CachedConfig {
    path: String,
    text: String,
    config: Rc<Config>,
}

/// A compiled matrix for the cached config, with the matrix text.
struct CachedLoad {
    matrix_text: String,
    loaded: Rc<Loaded>,
}

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Cache::default());
}

impl Cache {
    /// The parsed config, parsing only when the path or text changed (which
    /// also drops the compiled matrix of the previous config).
    fn config(&mut self, path: &str, text: &str) -> Result<Rc<Config>, Problem> {
        if let Some(c) = self
            .config
            .as_ref()
            .filter(|c| c.path == path && c.text == text)
        {
            return Ok(Rc::clone(&c.config));
        }
        self.loaded = None;
        let config = Rc::new(Config::parse(path, text)?);
        self.config = Some(CachedConfig {
            path: path.to_string(),
            text: text.to_string(),
            config: Rc::clone(&config),
        });
        Ok(config)
    }

    /// The cached config compiled with this matrix text.
    fn loaded(&mut self, config: &Rc<Config>, matrix_text: &str) -> Result<Rc<Loaded>, Problem> {
        if let Some(l) = self
            .loaded
            .as_ref()
            .filter(|l| Rc::ptr_eq(&l.loaded.config, config) && l.matrix_text == matrix_text)
        {
            return Ok(Rc::clone(&l.loaded));
        }
        let matrix = Matrix::parse(&config.matrix.file, matrix_text, &config.matrix.lists)?;
        let rules = Rules::build_deferred(config, &matrix, &config.matrix.file)?;
        let loaded = Rc::new(Loaded {
            config: Rc::clone(config),
            matrix,
            rules,
        });
        self.loaded = Some(CachedLoad {
            matrix_text: matrix_text.to_string(),
            loaded: Rc::clone(&loaded),
        });
        Ok(loaded)
    }
}

/// Parse the config and the matrix; the matrix comes from the input or a `read` answer.
fn load(input: &Input, answers: &Answers) -> Result<Rc<Loaded>, Walk> {
    let failed = |p| Walk::Failed(vec![p]);
    let config_path = input.config.path_or_default();
    let config_bytes_text;
    let config_text = match &input.config_bytes {
        Some(bytes) => {
            config_bytes_text = crate::error::utf8_text(config_path, bytes).map_err(failed)?;
            &config_bytes_text
        }
        None => &input.config.text,
    };
    let config = CACHE
        .with_borrow_mut(|c| c.config(config_path, config_text))
        .map_err(failed)?;
    let matrix_bytes_text;
    let matrix_text: &str = match &input.matrix {
        Some(m) => &m.text,
        None => {
            let problem = |message: String, hint: &str| {
                Walk::Failed(vec![Problem::new(
                    ProblemKind::Matrix,
                    &config.file,
                    config.matrix.pos,
                    message,
                    hint,
                )])
            };
            let file = &config.matrix.file;
            match answers.get(fetch::read_request(file)) {
                Ok(Ok(Answer::Read {
                    bytes: Some(bytes), ..
                })) => {
                    matrix_bytes_text = crate::error::utf8_text(file, &bytes).map_err(failed)?;
                    &matrix_bytes_text
                }
                Ok(Ok(Answer::Read { text, .. })) => text.unwrap_or_default(),
                Ok(Ok(_)) => "",
                Ok(Err(failure)) => return Err(problem(
                    format!("the matrix file {} could not be read: {}", crate::error::quote(file), crate::error::quote(&failure.message)),
                    "check `matrix.file` (relative to the repository root) and that the workflow checks out the repository first",
                )),
                Err(Halt::Need(r)) => return Err(Walk::Need(r)),
                Err(Halt::Stop(..)) => return Err(problem(
                    "the matrix file was not provided".into(),
                    "pass the matrix text or answer its read request",
                )),
            }
        }
    };
    CACHE
        .with_borrow_mut(|c| c.loaded(&config, matrix_text))
        .map_err(failed)
}

/// The change to select on: its files, how they were found and, for
/// `baseline: last-success`, the run they were compared with.
struct Found {
    event: Option<Event>,
    files: Vec<ChangedFile>,
    how: String,
    baseline: Option<Box<Baseline>>,
}

/// A verdict reached before selection; the walk stops with it.
fn stop(loaded: &Rc<Loaded>, verdict: Verdict, changed: usize) -> Walk {
    Walk::Ready(Box::new(Ready {
        loaded: Rc::clone(loaded),
        verdict,
        warnings: Vec::new(),
        changed,
    }))
}

fn walk(input: &Input, final_pass: bool) -> Walk {
    match steps(input, final_pass) {
        Ok(ready) => Walk::Ready(Box::new(ready)),
        Err(walk) => walk,
    }
}

/// Load, find the change, check the limits, read the revisions.
fn steps(input: &Input, final_pass: bool) -> Result<Ready, Walk> {
    let answers = Answers::new(&input.responses, final_pass);
    let loaded = load(input, &answers)?;
    if input.fallback_reason.is_some() {
        let detail = "the action could not finish its analysis".into();
        return Err(stop(
            &loaded,
            Verdict::All(Reason::InternalError, detail),
            0,
        ));
    }
    let change = match changed_files(input, &loaded, final_pass) {
        Ok(c) => c,
        Err(Halt::Need(r)) => return Err(Walk::Need(r)),
        Err(Halt::Stop(reason @ Reason::BranchDeleted, detail)) => {
            return Err(stop(&loaded, Verdict::Nothing(reason, detail), 0))
        }
        Err(Halt::Stop(reason, detail)) => {
            return Err(stop(&loaded, Verdict::All(reason, detail), 0))
        }
    };
    let paths = select::changed_paths(&change.files);
    // Paths are matched from here on; a run-all decided above never builds
    // the wildcard automaton.
    loaded
        .rules
        .ready(&loaded.config)
        .map_err(|p| Walk::Failed(vec![p]))?;
    if let Some(verdict) = beyond_filtering(&loaded, &paths) {
        return Err(stop(&loaded, verdict, paths.len()));
    }
    let git_ref = match &change.baseline {
        Some(b) => Some(b.sha.clone()),
        None => change.event.as_ref().and_then(Event::base_ref),
    };
    let repo = change.event.as_ref().and_then(Event::repo);
    let read = revisions(&loaded, &paths, &repo, &git_ref, &answers)?;
    Ok(Ready {
        loaded,
        changed: paths.len(),
        warnings: read.warnings,
        verdict: Verdict::Filtered {
            paths,
            revisions: read.revisions,
            how: change.how,
            base: git_ref,
            baseline: change.baseline,
            failures: read.failures,
        },
    })
}

/// The changed files: the given list alone, or the event's (answered from
/// the given list when there is one, else by the caller).
fn changed_files(input: &Input, loaded: &Loaded, final_pass: bool) -> Result<Found, Halt> {
    let event = match (&input.changes, &input.event) {
        (Some(c), None) => {
            return Ok(Found {
                event: None,
                files: c.files.clone(),
                how: "changed files given".into(),
                baseline: None,
            })
        }
        (_, Some(e)) if !e.force_all && input.event_size > Some(event::MAX_PAYLOAD as u64) => {
            event::oversized(input.event_size.unwrap_or_default())
        }
        (_, Some(e)) => event::normalize(&e.name, &e.payload, e.force_all, e.repository.as_deref()),
        (None, None) => Event::RunAll(
            Reason::MissingFields,
            "no event and no changed files were given".into(),
        ),
    };
    let listed = input.changes.as_ref().map(|c| fetch::Listed {
        files: &c.files,
        head: event.head().unwrap_or_default(),
    });
    let answers = Answers::new(&input.responses, final_pass).with_listed(listed);
    let ctx = input
        .baseline
        .as_ref()
        .map(|e| baseline::Context {
            mode: e.mode,
            run_id: e.run_id.as_deref(),
            workflow_ref: e.workflow_ref.as_deref(),
        })
        .unwrap_or_default();
    let limits = &loaded.config.limits;
    let (files, how, found) = match baseline::changed_files(&event, &ctx, limits, &answers) {
        Some(compared) => {
            let c = compared?;
            (c.files, c.how, Some(Box::new(c.baseline)))
        }
        None => {
            let (files, how) = fetch::changed_files(&event, limits, &answers)?;
            (files, how, None)
        }
    };
    Ok(Found {
        event: Some(event),
        files,
        how,
        baseline: found,
    })
}

/// A change that must not be filtered: too many files, or the config itself.
fn beyond_filtering(loaded: &Loaded, paths: &[(String, Change)]) -> Option<Verdict> {
    let max = loaded.config.limits.max_changed_files;
    if paths.len() > max {
        let detail = format!(
            "{} changed files exceed limits.max-changed-files ({max})",
            paths.len()
        );
        return Some(Verdict::All(Reason::TooManyFiles, detail));
    }
    select::config_changed(&loaded.rules, &loaded.config, paths)
        .map(|detail| Verdict::All(Reason::ConfigChanged, detail))
}

/// The revisions content-aware rules read, with what could not be read.
#[derive(Default)]
struct Read {
    revisions: Revisions,
    warnings: Vec<String>,
    failures: Vec<String>,
}

/// Previous revisions from the API at `git_ref`, current ones from the workspace.
fn revisions(
    loaded: &Loaded,
    paths: &[(String, Change)],
    repo: &Option<Repo>,
    git_ref: &Option<String>,
    answers: &Answers,
) -> Result<Read, Walk> {
    let (previous, current) = select::needed_revisions(&loaded.rules, &loaded.config, paths);
    let mut read = Read::default();
    let mut need = Vec::new();
    let wanted = previous
        .iter()
        .map(|p| (p, fetch::content_request(repo, p, git_ref), true))
        .chain(current.iter().map(|p| (p, fetch::read_request(p), false)));
    for (path, req, is_previous) in wanted {
        let (id, kind) = (req.id.clone(), req.kind.clone());
        let text = match answers.get(req) {
            Ok(Ok(Answer::Content { text } | Answer::Read { text, .. })) => {
                text.map(str::to_string)
            }
            Ok(Ok(_)) => None,
            Ok(Err(f)) => {
                let why = fetch::describe_failure(&id, &kind, f);
                read.warnings.push(format!(
                    "{why}; content-aware rules treat the file as changed"
                ));
                read.failures.push(why);
                None
            }
            Err(Halt::Need(mut r)) => {
                need.append(&mut r);
                continue;
            }
            Err(Halt::Stop(_, detail)) => {
                read.warnings.push(detail.clone());
                read.failures.push(detail);
                None
            }
        };
        let map = if is_previous {
            &mut read.revisions.previous
        } else {
            &mut read.revisions.current
        };
        map.insert(path.clone(), text);
    }
    if need.is_empty() {
        Ok(read)
    } else {
        Err(Walk::Need(need))
    }
}

/// Render a decision: select (when filtered), then every output and the summary.
fn finish(ready: Ready) -> Outcome {
    let Ready {
        loaded: l,
        verdict,
        mut warnings,
        changed,
    } = ready;
    let n = l.matrix.entries.len();
    // What the changes were compared against: only a filtered run names it
    // (a run-all decided after comparing, when a failed read selected
    // everything, does not).
    let (selection, decision, reason, detail, compared) = match verdict {
        Verdict::Filtered {
            paths,
            revisions,
            how,
            base,
            baseline,
            failures,
        } => {
            let s = select::select(&l.rules, &l.config, &l.matrix, &paths, &revisions);
            let everything = (0..n).all(|e| s.selected[e] || !l.rules.is_watched(e));
            match failures.first() {
                // A failed read that ends up selecting everything is a
                // failed run, and the outputs say so.
                Some(first) if everything => (
                    Selection::all(&l.rules, n, "run-all: api-error"),
                    Decision::RunAll,
                    Reason::ApiError,
                    format!("a revision that content-aware rules need could not be read, so every entry is selected: {first}"),
                    None,
                ),
                _ => {
                    let detail = format!(
                        "{how} ({} changed path{})",
                        paths.len(),
                        if paths.len() == 1 { "" } else { "s" }
                    );
                    (
                        s,
                        Decision::Filtered,
                        Reason::Filtered,
                        detail,
                        Some((base, baseline)),
                    )
                }
            }
        }
        Verdict::All(r, d) => (
            Selection::all(&l.rules, n, &format!("run-all: {r}")),
            Decision::RunAll,
            r,
            d,
            None,
        ),
        Verdict::Nothing(r, d) => (Selection::none(&l.rules, n), Decision::Nothing, r, d, None),
    };
    let (base, found) = compared.unwrap_or_default();
    let rendered = match outputs::render(
        &l.config,
        &l.matrix,
        &l.rules,
        &selection,
        decision == Decision::RunAll,
        reason.code(),
        base.as_deref().unwrap_or_default(),
    ) {
        Ok(r) => r,
        Err(p) => return Outcome::failed(vec![p]),
    };
    if reason.is_degraded() {
        warnings.insert(
            0,
            format!("building every entry ({}): {detail}", reason.code()),
        );
    }
    warnings.extend(l.rules.warnings.iter().cloned());
    warnings.extend(rendered.warnings);
    let mut summary = outputs::summary(
        decision.code(),
        reason.code(),
        &detail,
        &rendered.partitions,
        &warnings,
        &selection.notes,
    );
    if let Some(b) = &found {
        summary.push_str(&baseline_summary(b));
    }
    Outcome {
        errors: Vec::new(),
        decision,
        reason: Some(reason),
        reason_detail: detail,
        outputs: rendered.outputs,
        partitions: rendered.partitions,
        changed_files: changed,
        warnings,
        notes: selection.notes,
        summary,
    }
}

/// The job summary's line about the run a push was compared with.
fn baseline_summary(b: &Baseline) -> String {
    let short = &b.sha[..b.sha.len().min(7)];
    let run = match &b.url {
        Some(url) => format!("[run #{}]({url})", b.run_number),
        None => format!("run #{}", b.run_number),
    };
    let span = match b.commits {
        Some(1) => ", 1 commit behind this push".to_string(),
        Some(n) => format!(", {n} commits behind this push"),
        None => String::new(),
    };
    format!("\n**Baseline:** the last successful {run} at `{short}`{span}.\n")
}

pub use crate::config::DEFAULT_PATH as DEFAULT_CONFIG_PATH;

impl MatrixText {
    pub fn new(text: impl Into<String>) -> MatrixText {
        MatrixText { text: text.into() }
    }
}
