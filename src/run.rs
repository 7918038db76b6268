//! The two-step entry points: [`plan`] says what to fetch, [`decide`] turns
//! what was fetched into outputs. Both take the same [`Input`].

use crate::baseline::{self, Baseline};
use crate::config::Config;
use crate::error::{Problem, ProblemKind};
use crate::event::{self, Event, Reason};
use crate::fetch::{self, Answers, Halt, Request, Response};
use crate::matrix::Matrix;
use crate::outputs::{self, PartitionResult};
use crate::rules::Rules;
use crate::select::{self, Change, ChangedFile, Revisions, Selection};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::rc::Rc;

/// A file's path (for messages) and text.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Source {
    #[serde(default)]
    pub path: String,
    pub text: String,
}

/// The event as the caller found it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EventInput {
    pub name: String,
    #[serde(default)]
    pub payload: String,
    #[serde(default)]
    pub force_all: bool,
    #[serde(default)]
    pub repository: Option<String>,
}

/// What a push is compared with, and where the current run comes from.
#[derive(Debug, Clone, Default, Deserialize)]
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

/// An explicit, complete list of changed files (library and CLI use).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Changes {
    pub files: Vec<ChangedFile>,
}

/// Everything `plan` and `decide` look at.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Input {
    pub config: Source,
    #[serde(default)]
    pub matrix: Option<Source>,
    #[serde(default)]
    pub event: Option<EventInput>,
    #[serde(default)]
    pub changes: Option<Changes>,
    #[serde(default)]
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
#[derive(Debug, Default, Serialize)]
pub struct Plan {
    pub requests: Vec<Request>,
    pub errors: Vec<Problem>,
}

/// What `decide` returns.
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    pub errors: Vec<Problem>,
    pub decision: &'static str,
    pub reason: &'static str,
    pub reason_detail: String,
    pub outputs: Vec<(String, String)>,
    pub partitions: Vec<PartitionResult>,
    pub changed_files: usize,
    pub warnings: Vec<String>,
    pub notes: Vec<String>,
    pub summary: String,
}

impl Outcome {
    fn failed(problems: Vec<Problem>) -> Outcome {
        Outcome {
            errors: problems,
            decision: "error",
            reason: "",
            ..Outcome::default()
        }
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
            ProblemKind::Syntax,
            "",
            Default::default(),
            "internal: decide asked for more input",
            "",
        )]),
    }
}

/// A compiled config and matrix, with the texts they came from.
struct Cached {
    config_path: String,
    config_text: String,
    matrix_text: String,
    loaded: Rc<Loaded>,
}

/// A parsed config with the path and text it came from.
struct CachedConfig {
    path: String,
    text: String,
    config: Rc<Config>,
}

thread_local! {
    /// Callers run `plan` several times and then `decide` on the same texts;
    /// parsing a large matrix dominates a call, so it is done once.
    static LAST: RefCell<Option<Cached>> = const { RefCell::new(None) };
    /// The first `plan` parses the config before the matrix is known; the
    /// compile that follows reuses it instead of parsing it again.
    static LAST_CONFIG: RefCell<Option<CachedConfig>> = const { RefCell::new(None) };
}

/// [`Config::parse`], reusing the previous result when the path and text are the same.
fn parse_config_cached(path: &str, text: &str) -> Result<Rc<Config>, Problem> {
    let hit = LAST_CONFIG.with_borrow(|last| {
        last.as_ref()
            .filter(|c| c.path == path && c.text == text)
            .map(|c| Rc::clone(&c.config))
    });
    if let Some(config) = hit {
        return Ok(config);
    }
    let config = Rc::new(Config::parse(path, text)?);
    LAST_CONFIG.set(Some(CachedConfig {
        path: path.to_string(),
        text: text.to_string(),
        config: Rc::clone(&config),
    }));
    Ok(config)
}

/// [`compile`], reusing the previous result when the texts are the same.
fn compile_cached(
    config_path: &str,
    config_text: &str,
    matrix_text: &str,
) -> Result<Rc<Loaded>, Problem> {
    let hit = LAST.with_borrow(|last| {
        last.as_ref()
            .filter(|c| {
                c.config_path == config_path
                    && c.config_text == config_text
                    && c.matrix_text == matrix_text
            })
            .map(|c| Rc::clone(&c.loaded))
    });
    if let Some(loaded) = hit {
        return Ok(loaded);
    }
    let loaded = Rc::new(compile(config_path, config_text, matrix_text)?);
    LAST.set(Some(Cached {
        config_path: config_path.to_string(),
        config_text: config_text.to_string(),
        matrix_text: matrix_text.to_string(),
        loaded: Rc::clone(&loaded),
    }));
    Ok(loaded)
}

fn compile(config_path: &str, config_text: &str, matrix_text: &str) -> Result<Loaded, Problem> {
    let config = parse_config_cached(config_path, config_text)?;
    let matrix = Matrix::parse(&config.matrix.file, matrix_text, &config.matrix.lists)?;
    let rules = Rules::build_deferred(&config, &matrix, &config.matrix.file)?;
    Ok(Loaded {
        config,
        matrix,
        rules,
    })
}

/// Parse the config and the matrix; the matrix comes from the input or a `read` answer.
fn load(input: &Input, answers: &Answers) -> Result<Rc<Loaded>, Walk> {
    let config_path = if input.config.path.is_empty() {
        ".github/changed-backends.yml"
    } else {
        &input.config.path
    };
    let config_bytes_text;
    let config_text = match &input.config_bytes {
        Some(bytes) => {
            config_bytes_text =
                crate::error::utf8_text(config_path, bytes).map_err(|p| Walk::Failed(vec![p]))?;
            &config_bytes_text
        }
        None => &input.config.text,
    };
    // The matrix path comes from the config: reuse the cached parse when the
    // config is unchanged, as it is on every call after the first.
    let cached = LAST.with_borrow(|last| {
        last.as_ref()
            .filter(|c| c.config_path == config_path && c.config_text == *config_text)
            .map(|c| {
                (
                    c.loaded.config.matrix.file.clone(),
                    c.loaded.config.matrix.pos,
                )
            })
    });
    let (matrix_file, matrix_pos, config_file) = match cached {
        Some((file, pos)) => (file, pos, config_path.to_string()),
        None => {
            let config =
                parse_config_cached(config_path, config_text).map_err(|p| Walk::Failed(vec![p]))?;
            (
                config.matrix.file.clone(),
                config.matrix.pos,
                config.file.clone(),
            )
        }
    };
    let matrix_bytes_text;
    let matrix_text: &str = match &input.matrix {
        Some(m) => &m.text,
        None => match answers.get(fetch::read_request(&matrix_file)) {
            Ok(Ok(data)) => match data.get("bytes") {
                Some(bytes) => {
                    let bytes: Vec<u8> = serde_json::from_value(bytes.clone()).unwrap_or_default();
                    matrix_bytes_text = crate::error::utf8_text(&matrix_file, &bytes)
                        .map_err(|p| Walk::Failed(vec![p]))?;
                    &matrix_bytes_text
                }
                None => data.get("text").and_then(|t| t.as_str()).unwrap_or_default(),
            },
            Ok(Err(failure)) => {
                return Err(Walk::Failed(vec![Problem::new(
                    ProblemKind::Matrix,
                    &config_file,
                    matrix_pos,
                    format!("the matrix file {} could not be read: {}", crate::error::quote(&matrix_file), crate::error::quote(&failure.message)),
                    "check `matrix.file` (relative to the repository root) and that the workflow checks out the repository first",
                )]))
            }
            Err(Halt::Need(r)) => return Err(Walk::Need(r)),
            Err(Halt::Stop(..)) => {
                return Err(Walk::Failed(vec![Problem::new(ProblemKind::Matrix, &config_file, matrix_pos, "the matrix file was not provided", "pass the matrix text or answer its read request")]))
            }
        },
    };
    compile_cached(config_path, config_text, matrix_text).map_err(|p| Walk::Failed(vec![p]))
}

fn walk(input: &Input, final_pass: bool) -> Walk {
    let answers = Answers::new(&input.responses, final_pass);
    let loaded = match load(input, &answers) {
        Ok(l) => l,
        Err(w) => return w,
    };
    let ready = |loaded, verdict, warnings, changed| {
        Walk::Ready(Box::new(Ready {
            loaded,
            verdict,
            warnings,
            changed,
        }))
    };
    if input.fallback_reason.is_some() {
        let detail = "the action could not finish its analysis".into();
        return ready(
            loaded,
            Verdict::All(Reason::InternalError, detail),
            Vec::new(),
            0,
        );
    }
    let mut found: Option<Box<Baseline>> = None;
    let (event, files) = match &input.changes {
        Some(c) => (
            None,
            Ok((c.files.clone(), "changed files given".to_string())),
        ),
        None => {
            let event = match &input.event {
                Some(e) if !e.force_all && input.event_size > Some(event::MAX_PAYLOAD as u64) => {
                    event::oversized(input.event_size.unwrap_or_default())
                }
                Some(e) => {
                    event::normalize(&e.name, &e.payload, e.force_all, e.repository.as_deref())
                }
                None => Event::RunAll(
                    Reason::MissingFields,
                    "no event and no changed files were given".into(),
                ),
            };
            let ctx = input
                .baseline
                .as_ref()
                .map(|e| baseline::Context {
                    mode: e.mode,
                    run_id: e.run_id.as_deref(),
                    workflow_ref: e.workflow_ref.as_deref(),
                })
                .unwrap_or_default();
            let files = match baseline::changed_files(&event, &ctx, &loaded.config.limits, &answers)
            {
                Some(r) => r.map(|c| {
                    found = Some(Box::new(c.baseline));
                    (c.files, c.how)
                }),
                None => fetch::changed_files(&event, &loaded.config.limits, &answers),
            };
            (Some(event), files)
        }
    };
    let (files, how) = match files {
        Ok(f) => f,
        Err(Halt::Need(r)) => return Walk::Need(r),
        Err(Halt::Stop(reason @ Reason::BranchDeleted, detail)) => {
            return ready(loaded, Verdict::Nothing(reason, detail), Vec::new(), 0)
        }
        Err(Halt::Stop(reason, detail)) => {
            return ready(loaded, Verdict::All(reason, detail), Vec::new(), 0)
        }
    };
    let paths = select::changed_paths(&files);
    if paths.len() > loaded.config.limits.max_changed_files {
        let detail = format!(
            "{} changed files exceed limits.max-changed-files ({})",
            paths.len(),
            loaded.config.limits.max_changed_files
        );
        let changed = paths.len();
        return ready(
            loaded,
            Verdict::All(Reason::TooManyFiles, detail),
            Vec::new(),
            changed,
        );
    }
    // Paths are matched from here on; a run-all decided above never builds
    // the wildcard automaton.
    if let Err(p) = loaded.rules.ready(&loaded.config) {
        return Walk::Failed(vec![p]);
    }
    if let Some(detail) = select::config_changed(&loaded.rules, &loaded.config, &paths) {
        let changed = paths.len();
        return ready(
            loaded,
            Verdict::All(Reason::ConfigChanged, detail),
            Vec::new(),
            changed,
        );
    }
    let (previous, current) = select::needed_revisions(&loaded.rules, &loaded.config, &paths);
    let repo = event.as_ref().and_then(fetch::repo_of);
    let git_ref = match &found {
        Some(b) => Some(b.sha.clone()),
        None => event.as_ref().and_then(fetch::base_ref),
    };
    let mut revisions = Revisions::default();
    let mut need = Vec::new();
    let mut warnings = Vec::new();
    let mut failures = Vec::new();
    let wanted = previous
        .iter()
        .map(|p| (p, fetch::content_request(&repo, p, &git_ref), true))
        .chain(current.iter().map(|p| (p, fetch::read_request(p), false)));
    for (path, req, is_previous) in wanted {
        let id = req.id.clone();
        let text = match answers.get(req) {
            Ok(Ok(data)) => data
                .get("text")
                .and_then(|t| t.as_str())
                .map(str::to_string),
            Ok(Err(f)) => {
                let why = fetch::describe_failure(&id, f);
                warnings.push(format!(
                    "{why}; content-aware rules treat the file as changed"
                ));
                failures.push(why);
                None
            }
            Err(Halt::Need(mut r)) => {
                need.append(&mut r);
                continue;
            }
            Err(Halt::Stop(_, detail)) => {
                warnings.push(detail.clone());
                failures.push(detail);
                None
            }
        };
        let map = if is_previous {
            &mut revisions.previous
        } else {
            &mut revisions.current
        };
        map.insert(path.clone(), text);
    }
    if !need.is_empty() {
        return Walk::Need(need);
    }
    let changed = paths.len();
    ready(
        loaded,
        Verdict::Filtered {
            paths,
            revisions,
            how,
            base: git_ref,
            baseline: found,
            failures,
        },
        warnings,
        changed,
    )
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
    let mut base = None;
    let mut found = None;
    let (selection, decision, reason, detail) = match verdict {
        Verdict::Filtered {
            paths,
            revisions,
            how,
            base: b,
            baseline,
            failures,
        } => {
            base = b;
            found = baseline;
            let s = select::select(&l.rules, &l.config, &l.matrix, &paths, &revisions);
            let everything = (0..n).all(|e| s.selected[e] || !l.rules.is_watched(e));
            match failures.first() {
                // A failed read that ends up selecting everything is a
                // failed run, and the outputs say so.
                Some(first) if everything => (
                    Selection::all(&l.rules, n, "run-all: api-error"),
                    "run-all",
                    Reason::ApiError,
                    format!("a revision that content-aware rules need could not be read, so every entry is selected: {first}"),
                ),
                _ => {
                    let detail = format!(
                        "{how} ({} changed path{})",
                        paths.len(),
                        if paths.len() == 1 { "" } else { "s" }
                    );
                    (s, "filtered", Reason::Filtered, detail)
                }
            }
        }
        Verdict::All(r, d) => (
            Selection::all(&l.rules, n, &format!("run-all: {}", r.code())),
            "run-all",
            r,
            d,
        ),
        Verdict::Nothing(r, d) => (Selection::none(&l.rules, n), "nothing", r, d),
    };
    if decision != "filtered" {
        // Nothing was compared: a run-all (even one decided after comparing,
        // when a failed read selected everything) names no base.
        base = None;
        found = None;
    }
    let rendered = match outputs::render(
        &l.config,
        &l.matrix,
        &l.rules,
        &selection,
        decision == "run-all",
        reason.code(),
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
        decision,
        reason.code(),
        &detail,
        &rendered.partitions,
        &warnings,
        &selection.notes,
    );
    if let Some(b) = &found {
        summary.push_str(&baseline_summary(b));
    }
    let mut outputs = rendered.outputs;
    outputs.push((BASE_SHA.to_string(), base.unwrap_or_default()));
    Outcome {
        errors: Vec::new(),
        decision,
        reason: reason.code(),
        reason_detail: detail,
        outputs,
        partitions: rendered.partitions,
        changed_files: changed,
        warnings,
        notes: selection.notes,
        summary,
    }
}

pub use crate::outputs::BASE_SHA;

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
