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

use crate::condition::{self, Condition};
use crate::decode::{Ctx, Fields};
use crate::error::{Pos, Problem, ProblemKind};
use crate::template::Template;
use crate::yaml::{self, Node};

/// Where the matrix lives and which top-level lists hold entries.
#[derive(Debug, Clone)]
pub struct MatrixSource {
    pub file: String,
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

/// Content-aware exceptions to a shared rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unless {
    /// Skip the rule for a `.proto` file whose previous declarations all survive.
    ProtoAdditive,
}

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
    pub when: Condition,
    pub shards: usize,
    pub matrix: Template,
    pub has_entries: Template,
    pub group: Option<Group>,
}

/// What to do with entries that no source rule gives paths to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unwatched {
    /// Warn, and only build them on full runs.
    Warn,
    /// Fail the step: every entry must be watched.
    Error,
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

const TOP_KEYS: [&str; 10] = [
    "matrix",
    "identity",
    "name",
    "sources",
    "shared",
    "ignore",
    "outputs",
    "partitions",
    "limits",
    "unwatched",
];

impl Config {
    /// Parse and check a config file's text.
    pub fn parse(file: &str, text: &str) -> Result<Config, Problem> {
        let root = yaml::parse(file, text, &yaml::LIMITS)?;
        let ctx = Ctx { file };
        if root.as_map().is_none() {
            return Err(ctx.problem(
                ProblemKind::Type,
                root.pos,
                format!("the config must be a mapping, found {}", root.describe()),
                "start with `matrix:`; see the README's config reference",
            ));
        }
        let mut top = ctx.fields(&root, "config")?;
        let matrix = decode_matrix(ctx, top.require("matrix")?)?;
        let identity = match top.take("identity") {
            Some(n) => ctx
                .strings(n, "identity")?
                .into_iter()
                .map(|(s, _)| s)
                .collect(),
            None => Vec::new(),
        };
        let name = top
            .take("name")
            .map(|n| template(ctx, n, "name"))
            .transpose()?;
        let sources = items(ctx, top.take("sources"), "sources", source_rule)?;
        let shared = items(ctx, top.take("shared"), "shared", shared_rule)?;
        let ignore = match top.take("ignore") {
            Some(n) => ctx.strings(n, "ignore")?,
            None => Vec::new(),
        };
        let outputs = decode_outputs(ctx, top.take("outputs"))?;
        let partitions = match top.take("partitions") {
            Some(n) => decode_partitions(ctx, n)?,
            None => vec![Partition {
                id: "all".into(),
                pos: root.pos,
                when: Condition::Always,
                shards: 1,
                matrix: Template::parse("matrix", root.pos),
                has_entries: Template::parse("has-entries", root.pos),
                group: None,
            }],
        };
        let limits = decode_limits(ctx, top.take("limits"))?;
        let unwatched = match top.take("unwatched") {
            None => Unwatched::Warn,
            Some(n) => match n.as_str() {
                Some("warn") => Unwatched::Warn,
                Some("error") => Unwatched::Error,
                _ => {
                    return Err(ctx.problem(
                        ProblemKind::Type,
                        n.pos,
                        "`unwatched` must be `warn` or `error`",
                        "write `unwatched: error` to fail when an entry has no source paths",
                    ))
                }
            },
        };
        top.finish(&TOP_KEYS)?;
        let config = Config {
            file: file.to_string(),
            matrix,
            identity,
            name,
            sources,
            shared,
            ignore,
            outputs,
            partitions,
            limits,
            unwatched,
        };
        config.check_lists()?;
        Ok(config)
    }

    /// Every `list:` a condition names must be one of `matrix.lists`: a typo
    /// there would silently match nothing.
    fn check_lists(&self) -> Result<(), Problem> {
        let mut checks: Vec<(&Condition, Pos)> = Vec::new();
        for item in &self.sources {
            checks.extend(item.rules().iter().map(|r| (&r.when, r.pos)));
        }
        for item in &self.shared {
            checks.extend(item.rules().iter().map(|r| (&r.select, r.pos)));
        }
        checks.extend(self.partitions.iter().map(|p| (&p.when, p.pos)));
        for (cond, pos) in checks {
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

fn template(ctx: Ctx, node: &Node, what: &str) -> Result<Template, Problem> {
    Ok(Template::parse(&ctx.string(node, what)?, node.pos))
}

fn decode_matrix(ctx: Ctx, node: &Node) -> Result<MatrixSource, Problem> {
    let mut f = ctx.fields(node, "matrix")?;
    let file = ctx.string(f.require("file")?, "matrix.file")?;
    let lists = match f.take("lists") {
        Some(n) => ctx
            .strings(n, "matrix.lists")?
            .into_iter()
            .map(|(s, _)| s)
            .collect(),
        None => vec!["include".to_string()],
    };
    f.finish(&["file", "lists"])?;
    Ok(MatrixSource {
        file: file.trim_start_matches("./").to_string(),
        lists,
    })
}

/// Decode a list of rules and `first-match` blocks.
fn items<R>(
    ctx: Ctx,
    node: Option<&Node>,
    what: &str,
    rule: fn(Ctx, &Node, String) -> Result<R, Problem>,
) -> Result<Vec<Item<R>>, Problem> {
    let Some(node) = node else {
        return Ok(Vec::new());
    };
    let Some(list) = node.as_seq() else {
        return Err(ctx.type_error(node, what, "a list of rules"));
    };
    let mut out = Vec::with_capacity(list.len());
    for (i, n) in list.iter().enumerate() {
        let block = n
            .as_map()
            .and_then(|m| m.iter().find(|(k, _)| k.as_str() == Some("first-match")));
        match block {
            Some((_, inner)) => {
                if n.as_map().is_some_and(|m| m.len() > 1) {
                    return Err(ctx.problem(
                        ProblemKind::Type,
                        n.pos,
                        "a `first-match` block holds only its list of rules",
                        "move other keys into the rules inside the block",
                    ));
                }
                let Some(rules) = inner.as_seq() else {
                    return Err(ctx.type_error(inner, "first-match", "a list of rules"));
                };
                let rules = rules
                    .iter()
                    .enumerate()
                    .map(|(j, r)| rule(ctx, r, format!("{what}[{i}].first-match[{j}]")))
                    .collect::<Result<_, _>>()?;
                out.push(Item::FirstMatch(rules));
            }
            None => out.push(Item::Rule(rule(ctx, n, format!("{what}[{i}]"))?)),
        }
    }
    Ok(out)
}

/// An optional human label overrides the positional one in explanations.
fn label(ctx: Ctx, f: &mut Fields, default: String) -> Result<String, Problem> {
    match f.take("label") {
        Some(n) => ctx.string(n, "label"),
        None => Ok(default),
    }
}

fn source_rule(ctx: Ctx, node: &Node, default_label: String) -> Result<SourceRule, Problem> {
    let mut f = ctx.fields(node, "source rule")?;
    let label = label(ctx, &mut f, default_label)?;
    let when = match f.take("when") {
        Some(n) => condition::decode(ctx, n, "when")?,
        None => Condition::Always,
    };
    let paths = ctx
        .strings(f.require("paths")?, "paths")?
        .into_iter()
        .map(|(s, p)| Template::parse(&s, p))
        .collect();
    f.finish(&["label", "when", "paths"])?;
    Ok(SourceRule {
        label,
        pos: node.pos,
        when,
        paths,
    })
}

fn shared_rule(ctx: Ctx, node: &Node, default_label: String) -> Result<SharedRule, Problem> {
    let mut f = ctx.fields(node, "shared rule")?;
    let label = label(ctx, &mut f, default_label)?;
    let files = ctx.strings(f.require("files")?, "files")?;
    let select = condition::decode_selector(ctx, f.require("select")?)?;
    let unless = match f.take("unless") {
        None => None,
        Some(n) => match n.as_str() {
            Some("proto-additive") => Some(Unless::ProtoAdditive),
            _ => {
                return Err(ctx.problem(
                    ProblemKind::Type,
                    n.pos,
                    "`unless` must be `proto-additive`",
                    "`unless: proto-additive` skips the rule for additive .proto edits",
                ))
            }
        },
    };
    f.finish(&["label", "files", "select", "unless"])?;
    Ok(SharedRule {
        label,
        pos: node.pos,
        files,
        select,
        unless,
    })
}

fn decode_outputs(ctx: Ctx, node: Option<&Node>) -> Result<OutputNames, Problem> {
    let mut names = OutputNames {
        run_all: Some(Template::parse("run-all", Pos::default())),
        reason: Some(Template::parse("reason", Pos::default())),
        names: Some(Template::parse("names", Pos::default())),
        name_flags: None,
    };
    let Some(node) = node else { return Ok(names) };
    let mut f = ctx.fields(node, "outputs")?;
    let slots: [(&str, &mut Option<Template>); 4] = [
        ("run-all", &mut names.run_all),
        ("reason", &mut names.reason),
        ("names", &mut names.names),
        ("name-flags", &mut names.name_flags),
    ];
    for (key, slot) in slots {
        if let Some(n) = f.take(key) {
            *slot = match &n.value {
                yaml::Value::Scalar(yaml::Scalar::Bool(false))
                | yaml::Value::Scalar(yaml::Scalar::Null) => None,
                _ => Some(template(ctx, n, key)?),
            };
        }
    }
    f.finish(&["run-all", "reason", "names", "name-flags"])?;
    Ok(names)
}

fn decode_partitions(ctx: Ctx, node: &Node) -> Result<Vec<Partition>, Problem> {
    let Some(list) = node.as_seq() else {
        return Err(ctx.type_error(node, "partitions", "a list"));
    };
    let mut out: Vec<Partition> = Vec::new();
    for n in list {
        let mut f = ctx.fields(n, "partition")?;
        let id = ctx.string(f.require("id")?, "id")?;
        if out.iter().any(|p| p.id == id) {
            return Err(ctx.problem(
                ProblemKind::Type,
                n.pos,
                format!("two partitions are named `{id}`"),
                "give each partition its own id",
            ));
        }
        let when = match f.take("when") {
            Some(c) => condition::decode(ctx, c, "when")?,
            None => Condition::Always,
        };
        let shards = match f.take("shards") {
            Some(s) => ctx.count(s, "shards", 256)?,
            None => 1,
        };
        let matrix = template(ctx, f.require("matrix")?, "matrix")?;
        let has_entries = template(ctx, f.require("has-entries")?, "has-entries")?;
        let group = f.take("group").map(|g| decode_group(ctx, g)).transpose()?;
        f.finish(&["id", "when", "shards", "matrix", "has-entries", "group"])?;
        out.push(Partition {
            id,
            pos: n.pos,
            when,
            shards,
            matrix,
            has_entries,
            group,
        });
    }
    Ok(out)
}

fn decode_group(ctx: Ctx, node: &Node) -> Result<Group, Problem> {
    let mut f = ctx.fields(node, "group")?;
    let by = ctx.string(f.require("by")?, "by")?;
    let carry = match f.take("carry") {
        Some(n) => ctx
            .strings(n, "carry")?
            .into_iter()
            .map(|(s, _)| s)
            .collect(),
        None => Vec::new(),
    };
    let matrix = template(ctx, f.require("matrix")?, "matrix")?;
    let has_entries = template(ctx, f.require("has-entries")?, "has-entries")?;
    f.finish(&["by", "carry", "matrix", "has-entries"])?;
    Ok(Group {
        pos: node.pos,
        by,
        carry,
        matrix,
        has_entries,
    })
}

fn decode_limits(ctx: Ctx, node: Option<&Node>) -> Result<Limits, Problem> {
    let mut limits = DEFAULT_LIMITS;
    let Some(node) = node else { return Ok(limits) };
    let mut f = ctx.fields(node, "limits")?;
    if let Some(n) = f.take("max-changed-files") {
        limits.max_changed_files = ctx.count(n, "max-changed-files", 1_000_000)?;
    }
    if let Some(n) = f.take("max-commits") {
        limits.max_commits = ctx.count(n, "max-commits", 1_000)?;
    }
    f.finish(&["max-changed-files", "max-commits"])?;
    Ok(limits)
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
