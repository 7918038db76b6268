//! Checks that need no event: `validate` (does the config work with this
//! matrix?) and `lint` (does it watch what the repository really holds?).
//!
//! `lint` catches the bug a filter cannot see by itself: a new entry whose
//! source directory is spelled differently is never selected.

use crate::condition::Condition;
use crate::config::{Config, Item};
use crate::error::{quote, Problem};
use crate::matrix::Matrix;
use crate::pattern::Scratch;
use crate::rules::Rules;
use crate::run::{self, EventInput, Input, Source};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ValidateInput {
    pub config: Source,
    #[serde(default)]
    pub matrix: Option<Source>,
}

#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Validation {
    pub errors: Vec<Problem>,
    pub warnings: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matrix_path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entries: Option<usize>,
}

/// Parse the config (and the matrix when given) and render a full run, so
/// output names and matrix sizes are checked too.
pub fn validate(input: &ValidateInput) -> Validation {
    let config = match Config::parse(
        path_or(&input.config, ".github/changed-backends.yml"),
        &input.config.text,
    ) {
        Ok(c) => c,
        Err(p) => {
            return Validation {
                errors: vec![p],
                ..Validation::default()
            }
        }
    };
    let Some(matrix) = &input.matrix else {
        return Validation {
            matrix_path: Some(config.matrix.file),
            ..Validation::default()
        };
    };
    let out = run::decide(&Input {
        config: input.config.clone(),
        matrix: Some(matrix.clone()),
        event: Some(EventInput {
            name: "schedule".into(),
            ..EventInput::default()
        }),
        ..Input::default()
    });
    let entries = out.partitions.iter().map(|p| p.entries.len()).sum();
    Validation {
        errors: out.errors,
        warnings: out.warnings,
        matrix_path: Some(config.matrix.file),
        entries: Some(entries),
    }
}

fn path_or<'a>(s: &'a Source, default: &'a str) -> &'a str {
    if s.path.is_empty() {
        default
    } else {
        &s.path
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct LintInput {
    pub config: Source,
    pub matrix: Source,
    /// Tracked files of the repository (`git ls-files`).
    #[serde(default)]
    pub files: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub kind: &'static str,
    pub message: String,
    pub file: String,
    pub line: usize,
}

#[derive(Debug, Default, Serialize)]
pub struct LintResult {
    pub errors: Vec<Problem>,
    pub findings: Vec<Finding>,
}

pub fn lint(input: &LintInput) -> LintResult {
    let loaded = Config::parse(
        path_or(&input.config, ".github/changed-backends.yml"),
        &input.config.text,
    )
    .and_then(|c| {
        let m = Matrix::parse(&c.matrix.file, &input.matrix.text, &c.matrix.lists)?;
        let r = Rules::build(&c, &m, &c.matrix.file)?;
        Ok((c, m, r))
    });
    let (config, matrix, rules) = match loaded {
        Ok(x) => x,
        Err(p) => {
            return LintResult {
                errors: vec![p],
                findings: Vec::new(),
            }
        }
    };
    let mut findings = Vec::new();
    let mut live = HashSet::new();
    // Per shared rule: files it matched, and files it matched while an earlier
    // rule of its first-match block had already claimed them.
    let mut matched = vec![0usize; rules.shared.len()];
    let mut claimed_earlier = vec![0usize; rules.shared.len()];
    let mut scratch = Scratch::default();
    for file in &input.files {
        let lists = rules.lists.matching(file, &mut scratch);
        let mut claimed_item = None;
        for (i, s) in rules.shared.iter().enumerate() {
            if !lists.contains(&s.list) {
                continue;
            }
            matched[i] += 1;
            if claimed_item == Some(s.item) {
                claimed_earlier[i] += 1;
            } else {
                claimed_item = Some(s.item);
            }
        }
        live.extend(lists);
    }
    for (e, watch) in rules.watch.iter().enumerate() {
        let entry = &matrix.entries[e];
        for (list, label) in watch {
            if !live.contains(list) {
                findings.push(Finding {
                    kind: "unwatched-path",
                    message: format!(
                        "entry {} ({}): {label} watches {}, which matches no tracked file",
                        quote(&config.entry_label(entry)),
                        matrix.lists[entry.list],
                        quote(&rules.lists.patterns(*list).join(" "))
                    ),
                    file: config.matrix.file.clone(),
                    line: entry.pos.line,
                });
            }
        }
        if watch.is_empty() {
            findings.push(Finding {
                kind: "unwatched-entry",
                message: format!(
                    "entry {} has no source paths; only full runs build it",
                    quote(&config.entry_label(entry))
                ),
                file: config.matrix.file.clone(),
                line: entry.pos.line,
            });
        }
    }
    let applied: HashSet<&str> = rules
        .watch
        .iter()
        .flatten()
        .map(|(_, l)| l.as_str())
        .collect();
    for item in &config.sources {
        for rule in item.rules() {
            if !applied.contains(rule.label.as_str()) {
                let why = if matches!(item, Item::FirstMatch(_)) {
                    "applies to no entry (its `when` matches none, or earlier rules of its block always win)"
                } else {
                    "applies to no entry"
                };
                findings.push(Finding {
                    kind: "dead-source-rule",
                    message: format!("{} {why}", rule.label),
                    file: config.file.clone(),
                    line: rule.pos.line,
                });
            }
        }
    }
    let mut i = 0;
    for item in &config.shared {
        for rule in item.rules() {
            let kind_msg = if matched[i] == 0 {
                Some((
                    "dead-shared-rule",
                    format!(
                        "{}: files {} match no tracked file",
                        rule.label,
                        quote(
                            &rule
                                .files
                                .iter()
                                .map(|(p, _)| p.as_str())
                                .collect::<Vec<_>>()
                                .join(" ")
                        )
                    ),
                ))
            } else if claimed_earlier[i] == matched[i] {
                Some(("shadowed-shared-rule", format!("{}: every tracked file it matches is taken by an earlier rule of its first-match block", rule.label)))
            } else if rules.shared[i].entries.is_empty() && !matches!(rule.select, Condition::Never)
            {
                Some((
                    "empty-shared-rule",
                    format!("{}: its `select` matches no watched entry", rule.label),
                ))
            } else {
                None
            };
            if let Some((kind, message)) = kind_msg {
                findings.push(Finding {
                    kind,
                    message,
                    file: config.file.clone(),
                    line: rule.pos.line,
                });
            }
            i += 1;
        }
    }
    LintResult {
        errors: Vec::new(),
        findings,
    }
}
