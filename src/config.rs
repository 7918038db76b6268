//! The config file (`.github/changed-backends.yml`): what it says, decoded with
//! positions so every mistake points at its line and column.
//!
//! ```yaml
//! matrix: { file: .github/matrix.yml, lists: [include] }
//! name: "{service}"
//! sources:
//!   - paths: ["services/{service}/**"]
//! shared:
//!   - files: ["libs/common/**"]
//!     select: all
//! ignore: ["**/*.md"]
//! ```

/// Where the config is read from when no path is given.
pub const DEFAULT_PATH: &str = ".github/changed-backends.yml";

use crate::condition::{self, Condition};
use crate::de::{self, Spanned};
use crate::error::{Pos, Problem, ProblemKind};
use crate::matrix::{Entry, Matrix};
use crate::shape;
use crate::template::{verbatim, Template};
use crate::yaml;

/// Where the matrix lives and which top-level lists hold entries.
#[derive(Debug, Clone)]
pub struct MatrixSource {
    pub file: String,
    /// Where `file` is written in the config: a matrix that cannot be read is reported there.
    pub pos: Pos,
    pub lists: Vec<String>,
}

/// A source rule: entries for which `when` holds are built from `paths`.
#[derive(Debug, Clone)]
pub struct SourceRule {
    pub label: String,
    pub pos: Pos,
    pub when: Condition,
    /// Templates over entry fields; a leading `!` excludes.
    pub paths: Vec<Template>,
}

/// A shared rule: changed files matching `files` select the entries `select` holds for.
#[derive(Debug, Clone)]
pub struct SharedRule {
    pub label: String,
    pub pos: Pos,
    /// Plain patterns; a leading `!` excludes.
    pub files: Vec<(String, Pos)>,
    pub select: Condition,
    pub unless: Option<Unless>,
}

pub use crate::shape::Unwatched;
pub use crate::unless::Unless;

/// A rule, or a block of rules of which only the first that applies counts.
#[derive(Debug, Clone)]
pub enum Item<R> {
    Rule(R),
    FirstMatch(Vec<R>),
}

impl<R> Item<R> {
    pub fn rules(&self) -> &[R] {
        match self {
            Item::Rule(r) => std::slice::from_ref(r),
            Item::FirstMatch(rs) => rs,
        }
    }
}

/// Names of the general outputs; `None` disables one.
#[derive(Debug, Clone)]
pub struct OutputNames {
    pub run_all: Option<Template>,
    pub reason: Option<Template>,
    pub names: Option<Template>,
    /// One boolean output per entry name; the template uses `{name}`.
    pub name_flags: Option<Template>,
}

/// A grouped matrix derived from a partition (one item per distinct `by`).
#[derive(Debug, Clone)]
pub struct Group {
    pub pos: Pos,
    pub by: String,
    pub carry: Vec<String>,
    pub matrix: Template,
    pub has_entries: Template,
}

/// A named sub-matrix, optionally cut into shards and grouped.
#[derive(Debug, Clone)]
pub struct Partition {
    pub id: String,
    pub pos: Pos,
    /// False for the one partition a config without `partitions` gets.
    pub written: bool,
    pub when: Condition,
    pub shards: usize,
    pub matrix: Template,
    pub has_entries: Template,
    pub group: Option<Group>,
}

/// Tunable bounds.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// More changed files than this → run everything (`too-many-files`).
    pub max_changed_files: usize,
    /// Most commits listed one by one when a compare answer is capped.
    pub max_commits: usize,
}

pub const DEFAULT_LIMITS: Limits = Limits {
    max_changed_files: 20_000,
    max_commits: 100,
};
/// The matrix size GitHub refuses: a matrix may have at most 256 jobs, and
/// one of 256 leaves no room; the same bound as LocalAI's script.
pub const MAX_MATRIX: usize = 256;

/// A decoded config.
#[derive(Debug, Clone)]
pub struct Config {
    pub file: String,
    pub matrix: MatrixSource,
    pub identity: Vec<String>,
    pub name: Option<Template>,
    pub sources: Vec<Item<SourceRule>>,
    pub shared: Vec<Item<SharedRule>>,
    pub ignore: Vec<(String, Pos)>,
    pub outputs: OutputNames,
    pub partitions: Vec<Partition>,
    pub limits: Limits,
    pub unwatched: Unwatched,
}

impl Config {
    /// How messages and summaries name an entry: its identity fields when
    /// there are some, else its `name`, else its fields as `field=value`
    /// pairs. Only for people to read; diffs use [`Matrix::key`].
    pub fn entry_label(&self, entry: &Entry) -> String {
        if !self.identity.is_empty() {
            return Matrix::key(entry, &self.identity);
        }
        if let Some(name) = self
            .name
            .as_ref()
            .and_then(|t| t.expand(|f| entry.text(f), verbatim).ok())
        {
            return name;
        }
        entry
            .fields
            .iter()
            .map(|(k, v)| format!("{k}={}", v.text()))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Parse and check a config file's text.
    pub fn parse(file: &str, text: &str) -> Result<Config, Problem> {
        let root = yaml::parse(file, text, &yaml::LIMITS)?;
        if root.as_map().is_none() {
            return Err(Problem::new(
                ProblemKind::Type,
                file,
                root.pos,
                format!("the config must be a mapping, found {}", root.describe()),
                "start with `matrix:`; see the README's config reference",
            ));
        }
        let raw: shape::RawFile = de::from_node(file, &root)?;
        let c = Checker { file };
        let partitions = match raw.partitions {
            Some(ps) => c.partitions(ps)?,
            None => vec![Partition {
                id: "all".into(),
                pos: root.pos,
                written: false,
                when: Condition::Always,
                shards: 1,
                matrix: Template::parse("matrix", root.pos),
                has_entries: Template::parse("has-entries", root.pos),
                group: None,
            }],
        };
        let limits = raw.limits.map_or(Ok(DEFAULT_LIMITS), |l| c.limits(l))?;
        let config = Config {
            file: file.to_string(),
            matrix: MatrixSource {
                file: raw.matrix.file.value.trim_start_matches("./").to_string(),
                pos: raw.matrix.file.pos,
                lists: raw
                    .matrix
                    .lists
                    .map_or_else(|| vec!["include".to_string()], |l| l.texts()),
            },
            identity: raw.identity.texts(),
            name: raw.name.map(|n| Template::parse(&n.value, n.pos)),
            sources: c.items(
                raw.sources,
                "sources",
                Checker::source_rule,
                |r| r.first_match.take(),
                |r| r.label.is_none() && r.when.is_none() && r.paths.is_none(),
            )?,
            shared: c.items(
                raw.shared,
                "shared",
                Checker::shared_rule,
                |r| r.first_match.take(),
                |r| {
                    r.label.is_none()
                        && r.files.is_none()
                        && r.select.is_none()
                        && r.unless.is_none()
                },
            )?,
            ignore: raw.ignore.0.into_iter().map(|s| (s.value, s.pos)).collect(),
            outputs: c.outputs(raw.outputs.unwrap_or_default()),
            partitions,
            limits,
            unwatched: raw.unwatched.unwrap_or(Unwatched::Warn),
        };
        config.check_lists()?;
        Ok(config)
    }

    /// Every condition of the config with the position of its rule or partition.
    fn conditions(&self) -> Vec<(&Condition, Pos)> {
        let mut checks: Vec<(&Condition, Pos)> = Vec::new();
        for item in &self.sources {
            checks.extend(item.rules().iter().map(|r| (&r.when, r.pos)));
        }
        for item in &self.shared {
            checks.extend(item.rules().iter().map(|r| (&r.select, r.pos)));
        }
        checks.extend(self.partitions.iter().map(|p| (&p.when, p.pos)));
        checks
    }

    /// Warnings for fields a condition compares with a value that no entry
    /// of the matrix has: most likely a typo (`runtme: go`), so the rule
    /// does not select what it was written for. Not an error: a config may
    /// be written ahead of its entries. One per field and rule: the rule's
    /// position and what to say (lint reports them as findings, a run as
    /// warnings).
    pub fn unmatched_fields(&self, matrix: &crate::matrix::Matrix) -> Vec<(Pos, String)> {
        // Nearly every compared field is on the first entry; the set of all
        // field names is built only when one is not.
        let first = matrix.entries.first();
        let mut all: Option<Vec<&str>> = None;
        let mut warnings = Vec::new();
        for (cond, pos) in self.conditions() {
            let mut named = Vec::new();
            cond.compared_fields(&mut named);
            named.sort_unstable();
            named.dedup();
            for field in named {
                if first.is_some_and(|e| e.fields.iter().any(|(n, _)| &**n == field)) {
                    continue;
                }
                let known = all.get_or_insert_with(|| {
                    let mut names: Vec<&str> = matrix
                        .entries
                        .iter()
                        .flat_map(|e| e.fields.iter().map(|(n, _)| &**n))
                        .collect();
                    names.sort_unstable();
                    names.dedup();
                    names
                });
                if known.binary_search(&field).is_ok() {
                    continue;
                }
                let guess = crate::de::closest(field, known)
                    .map(|k| format!(" (did you mean {}?)", crate::error::quote(k)))
                    .unwrap_or_default();
                warnings.push((
                    pos,
                    format!(
                        "this rule compares field {}, which no entry of {} has{guess}",
                        crate::error::quote(field),
                        crate::error::quote(&self.matrix.file)
                    ),
                ));
            }
        }
        warnings
    }

    /// Every `list:` a condition names must be one of `matrix.lists`: a typo
    /// there would silently match nothing.
    fn check_lists(&self) -> Result<(), Problem> {
        for (cond, pos) in self.conditions() {
            let mut named = Vec::new();
            cond.lists(&mut named);
            if let Some(bad) = named.iter().find(|l| !self.matrix.lists.contains(l)) {
                return Err(Problem::new(
                    ProblemKind::Type,
                    &self.file,
                    pos,
                    format!(
                        "this rule tests `list: {bad}`, which is not one of matrix.lists ({})",
                        self.matrix.lists.join(", ")
                    ),
                    "fix the list name, or add it to `matrix.lists`",
                ));
            }
        }
        Ok(())
    }
}

/// Checks and compiles the decoded shape; problems name `file`.
struct Checker<'a> {
    file: &'a str,
}

impl Checker<'_> {
    fn problem(
        &self,
        kind: ProblemKind,
        pos: Pos,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Problem {
        Problem::new(kind, self.file, pos, message, hint)
    }

    /// Rules and `first-match` blocks; a block holds only its rules, and blocks do not nest.
    fn items<R, T>(
        &self,
        raw: Vec<Spanned<R>>,
        what: &str,
        rule: fn(&Self, Spanned<R>, String) -> Result<T, Problem>,
        block: fn(&mut R) -> Option<Vec<Spanned<R>>>,
        bare: fn(&R) -> bool,
    ) -> Result<Vec<Item<T>>, Problem> {
        let mut out = Vec::with_capacity(raw.len());
        for (i, mut r) in raw.into_iter().enumerate() {
            match block(&mut r.value) {
                Some(inner) => {
                    if !bare(&r.value) {
                        return Err(self.problem(
                            ProblemKind::Type,
                            r.pos,
                            "a `first-match` block holds only its list of rules",
                            "move other keys into the rules inside the block",
                        ));
                    }
                    let rules = inner
                        .into_iter()
                        .enumerate()
                        .map(|(j, mut r)| {
                            if block(&mut r.value).is_some() {
                                return Err(self.problem(
                                    ProblemKind::Type,
                                    r.pos,
                                    "`first-match` blocks do not nest",
                                    "flatten the inner block into the outer one",
                                ));
                            }
                            rule(self, r, format!("{what}[{i}].first-match[{j}]"))
                        })
                        .collect::<Result<_, _>>()?;
                    out.push(Item::FirstMatch(rules));
                }
                None => out.push(Item::Rule(rule(self, r, format!("{what}[{i}]"))?)),
            }
        }
        Ok(out)
    }

    fn source_rule(
        &self,
        r: Spanned<shape::RawSourceRule>,
        default_label: String,
    ) -> Result<SourceRule, Problem> {
        let Spanned { pos, value: r } = r;
        let Some(paths) = r.paths else {
            return Err(self.problem(
                ProblemKind::MissingKey,
                pos,
                "a source rule needs a `paths` key",
                "add `paths:` with the entry's source patterns",
            ));
        };
        Ok(SourceRule {
            label: r.label.unwrap_or(default_label),
            pos,
            when: r
                .when
                .map_or(Ok(Condition::Always), |w| condition::compile(self.file, w))?,
            paths: paths
                .0
                .into_iter()
                .map(|p| Template::parse(&p.value, p.pos))
                .collect(),
        })
    }

    fn shared_rule(
        &self,
        r: Spanned<shape::RawSharedRule>,
        default_label: String,
    ) -> Result<SharedRule, Problem> {
        let Spanned { pos, value: r } = r;
        let (Some(files), Some(select)) = (r.files, r.select) else {
            return Err(self.problem(
                ProblemKind::MissingKey,
                pos,
                "a shared rule needs `files` and `select` keys",
                "add `files:` (patterns) and `select:` (`all`, `none` or a condition)",
            ));
        };
        let select = match select {
            shape::RawSelector::All => Condition::Always,
            shape::RawSelector::None => Condition::Never,
            shape::RawSelector::When(c) => condition::compile(self.file, c)?,
        };
        Ok(SharedRule {
            label: r.label.unwrap_or(default_label),
            pos,
            files: files.0.into_iter().map(|s| (s.value, s.pos)).collect(),
            select,
            unless: r.unless,
        })
    }

    fn outputs(&self, raw: shape::RawOutputs) -> OutputNames {
        let pick = |t: Option<Spanned<shape::RawToggle>>, default: Option<&str>| match t {
            None => default.map(|d| Template::parse(d, Pos::default())),
            Some(Spanned {
                value: shape::RawToggle::Off,
                ..
            }) => None,
            Some(Spanned {
                pos,
                value: shape::RawToggle::Name(n),
            }) => Some(Template::parse(&n, pos)),
        };
        OutputNames {
            run_all: pick(raw.run_all, Some("run-all")),
            reason: pick(raw.reason, Some("reason")),
            names: pick(raw.names, Some("names")),
            name_flags: pick(raw.name_flags, None),
        }
    }

    fn count(&self, n: &Spanned<i64>, what: &str, max: i64) -> Result<usize, Problem> {
        if (1..=max).contains(&n.value) {
            Ok(n.value as usize)
        } else {
            Err(self.problem(
                ProblemKind::Type,
                n.pos,
                format!("`{what}` must be a whole number from 1 to {max}"),
                format!("write e.g. `{what}: 4`"),
            ))
        }
    }

    fn partitions(
        &self,
        raw: Vec<Spanned<shape::RawPartition>>,
    ) -> Result<Vec<Partition>, Problem> {
        let mut out: Vec<Partition> = Vec::with_capacity(raw.len());
        for Spanned { pos, value: p } in raw {
            if out.iter().any(|q| q.id == p.id) {
                return Err(self.problem(
                    ProblemKind::Type,
                    pos,
                    format!("two partitions are named `{}`", p.id),
                    "give each partition its own id",
                ));
            }
            let group = p.group.map(|Spanned { pos, value: g }| Group {
                pos,
                by: g.by,
                carry: g.carry.texts(),
                matrix: Template::parse(&g.matrix.value, g.matrix.pos),
                has_entries: Template::parse(&g.has_entries.value, g.has_entries.pos),
            });
            out.push(Partition {
                id: p.id,
                pos,
                written: true,
                when: p
                    .when
                    .map_or(Ok(Condition::Always), |w| condition::compile(self.file, w))?,
                shards: p
                    .shards
                    .as_ref()
                    .map_or(Ok(1), |s| self.count(s, "shards", 256))?,
                matrix: Template::parse(&p.matrix.value, p.matrix.pos),
                has_entries: Template::parse(&p.has_entries.value, p.has_entries.pos),
                group,
            });
        }
        Ok(out)
    }

    fn limits(&self, raw: shape::RawLimits) -> Result<Limits, Problem> {
        let mut limits = DEFAULT_LIMITS;
        if let Some(n) = &raw.max_changed_files {
            limits.max_changed_files = self.count(n, "max-changed-files", 1_000_000)?;
        }
        if let Some(n) = &raw.max_commits {
            limits.max_commits = self.count(n, "max-commits", 1_000)?;
        }
        Ok(limits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_config_gets_defaults() {
        let c = Config::parse(
            "c.yml",
            "matrix: { file: ./m.yml }\nsources:\n  - paths: [\"svc/{name}/**\"]\n",
        )
        .unwrap();
        assert_eq!(c.matrix.file, "m.yml");
        assert_eq!(c.matrix.lists, ["include"]);
        assert_eq!(c.partitions.len(), 1);
        assert_eq!(c.partitions[0].matrix.source, "matrix");
        assert_eq!(c.outputs.run_all.as_ref().unwrap().source, "run-all");
    }

    #[test]
    fn entries_are_labelled_by_identity_then_name_then_fields() {
        let matrix = "include:\n  - { runtime: go, service: api, port: 80 }\n";
        let label = |config: &str| {
            let c = Config::parse("c.yml", config).unwrap();
            let m = Matrix::parse("m.yml", matrix, &c.matrix.lists).unwrap();
            c.entry_label(&m.entries[0])
        };
        let base = "matrix: { file: m.yml }\nsources: [{ paths: [a] }]\n";
        assert_eq!(label(base), "runtime=go service=api port=80");
        assert_eq!(
            label(&format!("{base}name: \"{{service}}-{{runtime}}\"\n")),
            "api-go"
        );
        assert_eq!(
            label(&format!(
                "{base}name: \"{{service}}\"\nidentity: [runtime, port]\n"
            )),
            "go|80"
        );
    }

    #[test]
    fn unknown_keys_point_at_the_key() {
        let e = Config::parse("c.yml", "matrix: { file: m.yml }\nsoruces: []\n").unwrap_err();
        assert_eq!((e.kind, e.line, e.column), (ProblemKind::UnknownKey, 2, 1));
        assert!(e.hint.contains("`sources`"), "{}", e.hint);
    }

    #[test]
    fn unknown_list_names_are_errors() {
        let e = Config::parse("c.yml", "matrix: { file: m.yml, lists: [include] }\nsources:\n  - when: { list: inclde }\n    paths: [a]\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("inclde"));
    }

    #[test]
    fn missing_and_mistyped() {
        let e = Config::parse("c.yml", "sources: []\n").unwrap_err();
        assert_eq!(e.kind, ProblemKind::MissingKey);
        let e = Config::parse("c.yml", "matrix: { file: m.yml }\nsources: {}\n").unwrap_err();
        assert_eq!((e.kind, e.line), (ProblemKind::Type, 2));
        let e = Config::parse("c.yml", "matrix: { file: m.yml }\npartitions:\n  - {id: a, matrix: m, has-entries: h, shards: 0}\n").unwrap_err();
        assert_eq!((e.kind, e.line), (ProblemKind::Type, 3));
    }

    #[test]
    fn localai_example_parses() {
        let text = include_str!("../examples/localai/changed-backends.yml");
        let c = Config::parse("changed-backends.yml", text).unwrap();
        assert_eq!(c.matrix.lists, ["include", "includeDarwin"]);
        assert_eq!(c.partitions.len(), 3);
        assert_eq!(c.partitions[1].shards, 4);
        assert_eq!(c.shared.len(), 1);
        assert_eq!(c.shared[0].rules().len(), 12);
    }
}
