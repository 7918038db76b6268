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
use crate::run::{self, EventInput, Input, MatrixText, Source};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ValidateInput {
    pub config: Source,
    #[serde(default)]
    pub matrix: Option<MatrixText>,
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "ValidateResult"))]
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Validation {
    pub errors: Vec<Problem>,
    pub warnings: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub matrix_path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub entries: Option<usize>,
}

/// Parse the config (and the matrix when given) and render a full run, so
/// output names and matrix sizes are checked too.
pub fn validate(input: &ValidateInput) -> Validation {
    let config = match Config::parse(input.config.path_or_default(), &input.config.text) {
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

#[derive(Debug, Clone, Default, Deserialize)]
pub struct LintInput {
    pub config: Source,
    pub matrix: MatrixText,
    /// Tracked files of the repository (`git ls-files`).
    #[serde(default)]
    pub files: Vec<String>,
}

/// What a lint finding is about.
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "LintFindingKind"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// A source path of an entry matches no tracked file.
    UnwatchedPath,
    /// An entry no source rule watches.
    UnwatchedEntry,
    /// A source rule that applies to no entry.
    DeadSourceRule,
    /// A shared rule whose files match no tracked file.
    DeadSharedRule,
    /// A shared rule whose every file an earlier first-match rule takes.
    ShadowedSharedRule,
    /// A shared rule whose `select` matches no watched entry.
    EmptySharedRule,
    /// A tracked file that no rule, source path or `ignore` covers.
    UnwatchedFile,
    /// A condition compares a field no entry of the matrix has (a typo?).
    UnmatchedField,
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "LintFinding"))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    pub message: String,
    pub file: String,
    pub line: usize,
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Default, Serialize)]
pub struct LintResult {
    pub errors: Vec<Problem>,
    pub findings: Vec<Finding>,
}

pub fn lint(input: &LintInput) -> LintResult {
    let loaded = Config::parse(input.config.path_or_default(), &input.config.text).and_then(|c| {
        let m = Matrix::parse(&c.matrix.file, &input.matrix.text, &c.matrix.lists)?;
        let r = Rules::build(&c, &m, &c.matrix.file)?;
        // Every run refuses a partition too large for a full run: so does lint.
        crate::outputs::partitions_fit(&c, &m)?;
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
    let mut findings: Vec<Finding> = config
        .unmatched_fields(&matrix)
        .into_iter()
        .map(|(pos, message)| Finding {
            kind: FindingKind::UnmatchedField,
            message,
            file: config.file.clone(),
            line: pos.line,
        })
        .collect();
    let mut live = HashSet::new();
    // Per shared rule: files it matched, and files it matched while an earlier
    // rule of its first-match block had already claimed them.
    let mut matched = vec![0usize; rules.shared.len()];
    let mut claimed_earlier = vec![0usize; rules.shared.len()];
    let mut scratch = Scratch::default();
    let mut unwatched = Vec::new();
    // The config and the matrix are watched by the core itself
    // (`config-changed` and the matrix's own diff).
    let own = [
        crate::pattern::normalize(&config.file),
        crate::pattern::normalize(&config.matrix.file),
    ];
    for file in &input.files {
        let lists = rules.lists.matching(file, &mut scratch);
        if lists.is_empty() && !own.iter().any(|o| o == file) {
            unwatched.push(file.as_str());
        }
        for (i, _, applies) in rules.shared_matching(lists) {
            matched[i] += 1;
            if !applies {
                claimed_earlier[i] += 1;
            }
        }
        live.extend(lists.iter().copied());
    }
    for (e, watch) in rules.watch.iter().enumerate() {
        let entry = &matrix.entries[e];
        for (list, label) in watch {
            if !live.contains(list) {
                findings.push(Finding {
                    kind: FindingKind::UnwatchedPath,
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
                kind: FindingKind::UnwatchedEntry,
                message: format!(
                    "entry {} has no source paths; only full runs build it",
                    quote(&config.entry_label(entry))
                ),
                file: config.matrix.file.clone(),
                line: entry.pos.line,
            });
        }
    }
    let applied: HashSet<&str> = rules.watch.iter().flatten().map(|(_, l)| &**l).collect();
    for item in &config.sources {
        for rule in item.rules() {
            if !applied.contains(rule.label.as_str()) {
                let why = if matches!(item, Item::FirstMatch(_)) {
                    "applies to no entry (its `when` matches none, or earlier rules of its block always win)"
                } else {
                    "applies to no entry"
                };
                findings.push(Finding {
                    kind: FindingKind::DeadSourceRule,
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
                    FindingKind::DeadSharedRule,
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
                Some((FindingKind::ShadowedSharedRule, format!("{}: every tracked file it matches is taken by an earlier rule of its first-match block", rule.label)))
            } else if rules.shared[i].entries.is_empty() && !matches!(rule.select, Condition::Never)
            {
                Some((
                    FindingKind::EmptySharedRule,
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
    findings.extend(unwatched_files(&config, &input.files, &unwatched));
    LintResult {
        errors: Vec::new(),
        findings,
    }
}

/// Examples shown per directory of unwatched files.
const EXAMPLES: usize = 3;

/// Tracked files that no source path, shared rule or `ignore` pattern covers:
/// a change to them never builds anything. Grouped by the shallowest
/// directory holding no watched file (else by the file's own directory), so
/// an unwatched tree is one finding however many files it holds.
fn unwatched_files(config: &Config, files: &[String], unwatched: &[&str]) -> Vec<Finding> {
    let unwatched_set: HashSet<&str> = unwatched.iter().copied().collect();
    let mut holds_watched: HashSet<&str> = HashSet::new();
    for file in files.iter().filter(|f| !unwatched_set.contains(f.as_str())) {
        for (i, _) in file.match_indices('/') {
            holds_watched.insert(&file[..i]);
        }
    }
    let mut groups: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
    for file in unwatched {
        let dirs: Vec<&str> = file.match_indices('/').map(|(i, _)| &file[..i]).collect();
        let dir = dirs
            .iter()
            .find(|d| !holds_watched.contains(*d))
            .or(dirs.last())
            .copied()
            .unwrap_or("");
        groups.entry(dir).or_default().push(file);
    }
    groups
        .into_iter()
        .map(|(dir, mut paths)| {
            paths.sort_unstable();
            let shown: Vec<String> = paths.iter().take(EXAMPLES).map(|p| quote(p)).collect();
            let more = if paths.len() > EXAMPLES { ", …" } else { "" };
            let place = if dir.is_empty() {
                "the repository root".to_string()
            } else {
                quote(&format!("{dir}/"))
            };
            Finding {
                kind: FindingKind::UnwatchedFile,
                message: format!(
                    "{} tracked file{} in {place} no source path, shared rule or `ignore` pattern covers, so changing {} builds nothing: {}{more}",
                    paths.len(),
                    if paths.len() == 1 { "" } else { "s" },
                    if paths.len() == 1 { "it" } else { "them" },
                    shown.join(", ")
                ),
                file: config.file.clone(),
                line: 0,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ProblemKind;

    const CONFIG: &str = "matrix: { file: m.yml }\nsources:\n  - paths: [\"svc/{svc}/**\"]\nshared:\n  - files: [\"lib/**\"]\n    select: all\nignore: [\"docs/**\", \"*.md\"]\n";
    const MATRIX: &str = "include:\n  - {svc: a}\n  - {svc: b}\n";

    fn unwatched(files: &[&str]) -> Vec<Finding> {
        let out = lint(&LintInput {
            config: Source {
                path: "cfg.yml".into(),
                text: CONFIG.into(),
            },
            matrix: MatrixText::new(MATRIX),
            files: files.iter().map(|f| f.to_string()).collect(),
        });
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        out.findings
            .into_iter()
            .filter(|f| f.kind == FindingKind::UnwatchedFile)
            .collect()
    }

    fn lint_of(config: &str, matrix: &str) -> LintResult {
        lint(&LintInput {
            config: Source {
                path: "cfg.yml".into(),
                text: config.into(),
            },
            matrix: MatrixText::new(matrix),
            files: COVERED.iter().map(|f| f.to_string()).collect(),
        })
    }

    /// What fails every run fails lint: a partition too large for a full run,
    /// even the one a config without `partitions` gets (whose hint says how
    /// to write it).
    #[test]
    fn a_partition_too_large_for_a_full_run_is_a_lint_error() {
        let big: String = (0..300).map(|i| format!("  - {{svc: s{i}}}\n")).collect();
        let out = lint_of(CONFIG, &format!("include:\n{big}"));
        let e = &out.errors[0];
        assert_eq!(e.kind, ProblemKind::MatrixSize);
        assert!(e.message.contains("300 entries"), "{}", e.message);
        assert!(
            e.hint.contains("the default partition holds every entry"),
            "{}",
            e.hint
        );
        assert!(e.hint.contains("shards: 2"), "{}", e.hint);
        assert!(lint_of(CONFIG, MATRIX).errors.is_empty());
    }

    #[test]
    fn a_condition_on_a_field_no_entry_has_is_a_finding() {
        let config = CONFIG.replace("select: all", "select: { svcc: a }");
        let out = lint_of(&config, MATRIX);
        let found: Vec<&Finding> = out
            .findings
            .iter()
            .filter(|f| f.kind == FindingKind::UnmatchedField)
            .collect();
        assert_eq!(found.len(), 1, "{:?}", out.findings);
        assert_eq!((found[0].file.as_str(), found[0].line), ("cfg.yml", 5));
        assert!(
            found[0].message.contains("did you mean \"svc\""),
            "{}",
            found[0].message
        );
    }

    const COVERED: &[&str] = &[
        "cfg.yml",
        "m.yml",
        "README.md",
        "docs/x/a.txt",
        "lib/util.go",
        "svc/a/main.go",
        "svc/b/main.go",
    ];

    #[test]
    fn a_fully_covered_tree_has_no_unwatched_file() {
        assert_eq!(unwatched(COVERED), []);
    }

    #[test]
    fn unwatched_files_are_grouped_by_their_unwatched_directory() {
        let mut files = COVERED.to_vec();
        files.extend([
            "tools/release.sh",
            "tools/ci/a.sh",
            "tools/ci/b.sh",
            "tools/ci/c.sh",
            "svc/c/main.go",
            "Makefile",
        ]);
        let found = unwatched(&files);
        let messages: Vec<&str> = found.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(found.len(), 3, "{messages:#?}");
        assert!(
            messages[0].starts_with("1 tracked file in the repository root"),
            "{}",
            messages[0]
        );
        assert!(messages[0].contains(r#""Makefile""#));
        // `svc/` holds watched files, so `svc/c/` is its own group.
        assert!(
            messages[1].starts_with(r#"1 tracked file in "svc/c/""#),
            "{}",
            messages[1]
        );
        assert!(
            messages[2].starts_with(r#"4 tracked files in "tools/""#),
            "{}",
            messages[2]
        );
        assert!(messages[2].ends_with(r#""tools/ci/a.sh", "tools/ci/b.sh", "tools/ci/c.sh", …"#));
    }
}
