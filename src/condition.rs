//! Conditions on matrix entries: `when:` of rules and partitions, `select:` of
//! shared rules.
//!
//! A condition is a mapping; every key must hold. Reserved keys are `list`
//! (which list the entry is in), `any`, `all`, `not` and `fields` (an escape
//! hatch for fields named like a reserved key). Every other key names a field.
//! A field's matcher is a value (equals), a list (one of), or one of
//! `{equals: v}`, `{glob: "*python"}`, `{in: [a, b]}`, `{present: true|false}`.
//! `select:` also accepts the words `all` and `none`.

use crate::decode::Ctx;
use crate::error::{Pos, Problem, ProblemKind};
use crate::matrix::{Entry, Matrix};
use crate::yaml::{Node, Scalar, Value};
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

/// How one value is tested.
#[derive(Debug, Clone)]
pub enum Matcher {
    Equals(String),
    In(Vec<String>),
    /// A one-glob set: globset then matches simple shapes such as `*python`
    /// by literal suffix or prefix, without compiling a regex.
    Glob(GlobSet, String),
    /// Present = the field exists, is not null and is not the empty string.
    Present(bool),
}

impl Matcher {
    fn test(&self, value: Option<&str>) -> bool {
        match self {
            Matcher::Present(want) => value.is_some_and(|v| !v.is_empty()) == *want,
            Matcher::Equals(x) => value == Some(x.as_str()),
            Matcher::In(xs) => value.is_some_and(|v| xs.iter().any(|x| x == v)),
            Matcher::Glob(g, _) => value.is_some_and(|v| g.is_match(v)),
        }
    }
}

/// A test on an entry.
#[derive(Debug, Clone)]
pub enum Condition {
    Always,
    Never,
    List(Matcher),
    Field(String, Matcher),
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
}

impl Condition {
    pub fn test(&self, entry: &Entry, matrix: &Matrix) -> bool {
        match self {
            Condition::Always => true,
            Condition::Never => false,
            Condition::List(m) => m.test(matrix.lists.get(entry.list).map(String::as_str)),
            Condition::Field(f, m) => m.test(entry.text(f).as_deref()),
            Condition::All(cs) => cs.iter().all(|c| c.test(entry, matrix)),
            Condition::Any(cs) => cs.iter().any(|c| c.test(entry, matrix)),
            Condition::Not(c) => !c.test(entry, matrix),
        }
    }

    /// The list names this condition refers to (for checking them against `matrix.lists`).
    pub fn lists(&self, out: &mut Vec<String>) {
        match self {
            Condition::List(Matcher::Equals(x)) => out.push(x.clone()),
            Condition::List(Matcher::In(xs)) => out.extend(xs.iter().cloned()),
            Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| c.lists(out)),
            Condition::Not(c) => c.lists(out),
            _ => {}
        }
    }
}

const RESERVED: [&str; 5] = ["list", "any", "all", "not", "fields"];

/// Decode a `when:` mapping.
pub fn decode(ctx: Ctx, node: &Node, what: &str) -> Result<Condition, Problem> {
    let mut fields = ctx.fields(node, what)?;
    let mut all = Vec::new();
    if let Some(n) = fields.take("list") {
        all.push(Condition::List(matcher(ctx, n, "list")?));
    }
    if let Some(n) = fields.take("any") {
        all.push(Condition::Any(list_of(ctx, n, "any")?));
    }
    if let Some(n) = fields.take("all") {
        all.push(Condition::All(list_of(ctx, n, "all")?));
    }
    if let Some(n) = fields.take("not") {
        all.push(Condition::Not(Box::new(decode(ctx, n, "not")?)));
    }
    if let Some(n) = fields.take("fields") {
        let mut inner = ctx.fields(n, "fields")?;
        for (k, _, v) in inner.rest() {
            all.push(Condition::Field(k.to_string(), matcher(ctx, v, k)?));
        }
    }
    for (k, _, v) in fields.rest() {
        debug_assert!(!RESERVED.contains(&k));
        all.push(Condition::Field(k.to_string(), matcher(ctx, v, k)?));
    }
    Ok(match all.len() {
        0 => Condition::Always,
        1 => all.pop().unwrap_or(Condition::Always),
        _ => Condition::All(all),
    })
}

/// Decode a `select:` value: `all`, `none`, or a condition.
pub fn decode_selector(ctx: Ctx, node: &Node) -> Result<Condition, Problem> {
    match node.as_str() {
        Some("all") => Ok(Condition::Always),
        Some("none") => Ok(Condition::Never),
        Some(other) => Err(ctx.problem(
            ProblemKind::Type,
            node.pos,
            format!(
                "`select` must be `all`, `none` or a condition, found {}",
                crate::error::quote(other)
            ),
            "write e.g. `select: { list: include }`",
        )),
        None => decode(ctx, node, "select"),
    }
}

fn list_of(ctx: Ctx, node: &Node, what: &str) -> Result<Vec<Condition>, Problem> {
    let Some(items) = node.as_seq() else {
        return Err(ctx.type_error(node, what, "a list of conditions"));
    };
    items.iter().map(|n| decode(ctx, n, what)).collect()
}

fn scalar_text(ctx: Ctx, node: &Node, what: &str) -> Result<String, Problem> {
    match &node.value {
        Value::Scalar(s) => Ok(s.text()),
        _ => Err(ctx.type_error(node, what, "a value")),
    }
}

fn matcher(ctx: Ctx, node: &Node, what: &str) -> Result<Matcher, Problem> {
    match &node.value {
        Value::Scalar(Scalar::Null) => Err(ctx.problem(
            ProblemKind::Type,
            node.pos,
            format!("`{what}` has no value"),
            "use `{ present: false }` to test for a missing field",
        )),
        Value::Scalar(s) => Ok(Matcher::Equals(s.text())),
        Value::Seq(items) => Ok(Matcher::In(
            items
                .iter()
                .map(|n| scalar_text(ctx, n, what))
                .collect::<Result<_, _>>()?,
        )),
        Value::Map(_) => {
            let mut f = ctx.fields(node, what)?;
            let found = [
                ("equals", f.take("equals")),
                ("glob", f.take("glob")),
                ("in", f.take("in")),
                ("present", f.take("present")),
            ];
            f.finish(&["equals", "glob", "in", "present"])?;
            let given: Vec<_> = found
                .into_iter()
                .filter_map(|(k, v)| v.map(|v| (k, v)))
                .collect();
            let [(kind, v)] = given.as_slice() else {
                return Err(ctx.problem(
                    ProblemKind::Type,
                    node.pos,
                    format!("`{what}` must have exactly one of equals, glob, in, present"),
                    "write e.g. `{ glob: \"*python\" }`",
                ));
            };
            match *kind {
                "equals" => Ok(Matcher::Equals(scalar_text(ctx, v, what)?)),
                "in" => match v.as_seq() {
                    Some(items) => Ok(Matcher::In(
                        items
                            .iter()
                            .map(|n| scalar_text(ctx, n, what))
                            .collect::<Result<_, _>>()?,
                    )),
                    None => Err(ctx.type_error(v, "in", "a list")),
                },
                "present" => Ok(Matcher::Present(ctx.bool(v, "present")?)),
                _ => value_glob(ctx, v, what),
            }
        }
    }
}

fn value_glob(ctx: Ctx, node: &Node, what: &str) -> Result<Matcher, Problem> {
    let text = scalar_text(ctx, node, what)?;
    glob_error(
        ctx,
        node.pos,
        &text,
        GlobBuilder::new(&text)
            .literal_separator(false)
            .backslash_escape(true)
            .build(),
    )
    .and_then(|g| {
        let set = GlobSetBuilder::new().add(g).build();
        glob_error(ctx, node.pos, &text, set)
    })
    .map(|set| Matcher::Glob(set, text))
}

/// Map a glob compile failure to a problem at `pos`.
pub fn glob_error<T>(
    ctx: Ctx,
    pos: Pos,
    text: &str,
    r: Result<T, globset::Error>,
) -> Result<T, Problem> {
    r.map_err(|e| {
        let why = e.kind().to_string();
        ctx.problem(
            ProblemKind::Glob,
            pos,
            format!("invalid glob {}: {why}", crate::error::quote(text)),
            "check brackets and braces; escape a literal `*`, `?`, `[` or `{` with a backslash",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    fn cond(text: &str) -> Condition {
        let n = yaml::parse("c.yml", text, &yaml::LIMITS).unwrap();
        decode(Ctx { file: "c.yml" }, &n, "when").unwrap()
    }

    fn matrix() -> Matrix {
        Matrix::parse("m.yml", "a:\n  - {d: ./x.python, b: vllm, p: amd64}\n  - {d: ./x.golang, b: whisper, p: ''}\nb:\n  - {b: mlx}\n", &["a".into(), "b".into()]).unwrap()
    }

    fn picks(text: &str) -> Vec<bool> {
        let c = cond(text);
        let m = matrix();
        m.entries.iter().map(|e| c.test(e, &m)).collect()
    }

    #[test]
    fn matchers() {
        assert_eq!(picks("{list: a}"), [true, true, false]);
        assert_eq!(picks("{d: {glob: '*python'}}"), [true, false, false]);
        assert_eq!(picks("{p: {present: true}}"), [true, false, false]);
        assert_eq!(picks("{p: {present: false}}"), [false, true, true]);
        assert_eq!(picks("{b: [vllm, mlx]}"), [true, false, true]);
        assert_eq!(picks("{b: {in: [whisper]}}"), [false, true, false]);
        assert_eq!(picks("{b: {equals: mlx}}"), [false, false, true]);
    }

    #[test]
    fn combinators() {
        assert_eq!(picks("{any: [{b: vllm}, {list: b}]}"), [true, false, true]);
        assert_eq!(picks("{list: a, not: {b: vllm}}"), [false, true, false]);
        assert_eq!(
            picks("{all: [{list: a}, {p: {present: true}}]}"),
            [true, false, false]
        );
        assert_eq!(picks("{fields: {list: x}}"), [false, false, false]);
    }

    #[test]
    fn bad_matchers_have_positions() {
        let n = yaml::parse("c.yml", "d:\n  glob: '[x'\n", &yaml::LIMITS).unwrap();
        let e = decode(Ctx { file: "c.yml" }, &n, "when").unwrap_err();
        assert_eq!((e.kind, e.line, e.column), (ProblemKind::Glob, 2, 9));
        let n = yaml::parse("c.yml", "d: {glob: x, in: [y]}\n", &yaml::LIMITS).unwrap();
        assert_eq!(
            decode(Ctx { file: "c.yml" }, &n, "when").unwrap_err().kind,
            ProblemKind::Type
        );
        let n = yaml::parse("c.yml", "d: {globb: x}\n", &yaml::LIMITS).unwrap();
        let e = decode(Ctx { file: "c.yml" }, &n, "when").unwrap_err();
        assert_eq!(e.kind, ProblemKind::UnknownKey);
        assert!(e.hint.contains("`glob`"));
    }
}
