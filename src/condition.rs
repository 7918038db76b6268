//! Conditions on matrix entries: `when:` of rules and partitions, `select:` of
//! shared rules.
//!
//! A condition is a mapping; every key must hold. Reserved keys are `list`
//! (which list the entry is in), `any`, `all`, `not` and `fields` (an escape
//! hatch for fields named like a reserved key). Every other key names a field.
//! A field's matcher is a value (equals), a list (one of), or one of
//! `{equals: v}`, `{glob: "*python"}`, `{in: [a, b]}`, `{present: true|false}`.
//! `select:` also accepts the words `all` and `none`.

use crate::error::{Pos, Problem, ProblemKind};
use crate::hash::Map;
use crate::matrix::{push_key, Entry, FieldName, Matrix};
use crate::shape;
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

/// How one value is tested.
#[derive(Debug, Clone)]
pub enum Matcher {
    Equals(String),
    In(Vec<String>),
    Glob(ValueGlob),
    /// Present = the field exists, is not null and is not the empty string.
    Present(bool),
}

/// A compiled value glob. The shapes conditions use almost always
/// (`*python`, `cuda*`, `*cpp*`) are tested as plain string operations;
/// anything else goes to globset.
#[derive(Debug, Clone)]
pub enum ValueGlob {
    Suffix(String),
    Prefix(String),
    Contains(String),
    Literal(String),
    Set(GlobSet),
}

impl ValueGlob {
    /// The plain-string form of `text`, when it has one.
    fn simple(text: &str) -> Option<ValueGlob> {
        let literal = |s: &str| !s.is_empty() && !s.contains(['*', '?', '[', ']', '{', '}', '\\']);
        let (lead, rest) = match text.strip_prefix('*') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (core, trail) = match rest.strip_suffix('*') {
            Some(core) => (core, true),
            None => (rest, false),
        };
        if !literal(core) {
            return None;
        }
        let core = core.to_string();
        Some(match (lead, trail) {
            (true, true) => ValueGlob::Contains(core),
            (true, false) => ValueGlob::Suffix(core),
            (false, true) => ValueGlob::Prefix(core),
            (false, false) => ValueGlob::Literal(core),
        })
    }

    fn is_match(&self, v: &str) -> bool {
        match self {
            ValueGlob::Suffix(s) => v.ends_with(s.as_str()),
            ValueGlob::Prefix(s) => v.starts_with(s.as_str()),
            ValueGlob::Contains(s) => v.contains(s.as_str()),
            ValueGlob::Literal(s) => v == s,
            ValueGlob::Set(g) => g.is_match(v),
        }
    }
}

impl Matcher {
    fn test(&self, value: Option<&str>) -> bool {
        match self {
            Matcher::Present(want) => value.is_some_and(|v| !v.is_empty()) == *want,
            Matcher::Equals(x) => value == Some(x.as_str()),
            Matcher::In(xs) => value.is_some_and(|v| xs.iter().any(|x| x == v)),
            Matcher::Glob(g) => value.is_some_and(|v| g.is_match(v)),
        }
    }
}

/// A test on an entry.
#[derive(Debug, Clone)]
pub enum Condition {
    Always,
    Never,
    List(Matcher),
    Field(FieldName, Matcher),
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
            Condition::Field(f, m) => m.test(entry.text_guessed(f).as_deref()),
            Condition::All(cs) => cs.iter().all(|c| c.test(entry, matrix)),
            Condition::Any(cs) => cs.iter().any(|c| c.test(entry, matrix)),
            Condition::Not(c) => !c.test(entry, matrix),
        }
    }

    /// The fields this condition reads (one per name, first seen first) and
    /// whether it reads the entry's list.
    fn reads<'c>(&'c self, fields: &mut Vec<&'c FieldName>, list: &mut bool) {
        match self {
            Condition::Always | Condition::Never => {}
            Condition::List(_) => *list = true,
            Condition::Field(f, _) => {
                if !fields.iter().any(|g| g.name == f.name) {
                    fields.push(f);
                }
            }
            Condition::All(cs) | Condition::Any(cs) => {
                cs.iter().for_each(|c| c.reads(fields, list));
            }
            Condition::Not(c) => c.reads(fields, list),
        }
    }

    /// The fields this condition compares with a value (not those it only
    /// asks to be present or absent, which may rightly be on no entry).
    pub fn compared_fields<'c>(&'c self, out: &mut Vec<&'c str>) {
        match self {
            Condition::Always | Condition::Never | Condition::List(_) => {}
            Condition::Field(_, Matcher::Present(_)) => {}
            Condition::Field(f, _) => out.push(&f.name),
            Condition::All(cs) | Condition::Any(cs) => {
                cs.iter().for_each(|c| c.compared_fields(out));
            }
            Condition::Not(c) => c.compared_fields(out),
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

/// Entries told apart only by the values some conditions read: a matrix's
/// entries share few values per field (a backend's variants differ in one
/// or two), so entries with equal values form one row, and the conditions
/// are tested once per row instead of once per entry.
pub struct Rows<'c> {
    fields: Vec<&'c FieldName>,
    list: bool,
    ids: Map<Box<[u8]>, usize>,
    key: Vec<u8>,
}

impl<'c> Rows<'c> {
    pub fn new(conditions: impl IntoIterator<Item = &'c Condition>) -> Rows<'c> {
        let (mut fields, mut list) = (Vec::new(), false);
        for c in conditions {
            c.reads(&mut fields, &mut list);
        }
        Rows {
            fields,
            list,
            ids: Map::default(),
            key: Vec::new(),
        }
    }

    /// Whether entries of one row have equal values of `field`.
    pub fn reads(&self, field: &FieldName) -> bool {
        self.fields.iter().any(|f| f.name == field.name)
    }

    /// The entry's row: equal for two entries exactly when every value read
    /// is the same (a number and its text are told apart: at worst one row
    /// too many, never a wrong answer).
    pub fn row(&mut self, entry: &Entry) -> usize {
        let key = &mut self.key;
        key.clear();
        if self.list {
            key.extend_from_slice(&(entry.list as u64).to_le_bytes());
        }
        for f in &self.fields {
            push_key(key, entry.get_guessed(f));
        }
        if let Some(id) = self.ids.get(&key[..]) {
            return *id;
        }
        let id = self.ids.len();
        self.ids.insert(key.as_slice().into(), id);
        id
    }
}

/// Compile a decoded condition: value globs are built here, so a bad glob
/// is reported at its own line and column.
pub fn compile(file: &str, raw: shape::RawCondition) -> Result<Condition, Problem> {
    let mut all = Vec::new();
    if let Some(m) = raw.list {
        all.push(Condition::List(matcher(file, m)?));
    }
    if let Some(cs) = raw.any {
        all.push(Condition::Any(
            cs.into_iter()
                .map(|c| compile(file, c))
                .collect::<Result<_, _>>()?,
        ));
    }
    if let Some(cs) = raw.all {
        all.push(Condition::All(
            cs.into_iter()
                .map(|c| compile(file, c))
                .collect::<Result<_, _>>()?,
        ));
    }
    if let Some(c) = raw.not {
        all.push(Condition::Not(Box::new(compile(file, *c)?)));
    }
    for (field, m) in raw.fields {
        all.push(Condition::Field(FieldName::new(field), matcher(file, m)?));
    }
    Ok(match all.len() {
        0 => Condition::Always,
        1 => all.pop().unwrap_or(Condition::Always),
        _ => Condition::All(all),
    })
}

fn matcher(file: &str, raw: shape::RawMatcher) -> Result<Matcher, Problem> {
    Ok(match raw {
        shape::RawMatcher::Equals(v) => Matcher::Equals(v),
        shape::RawMatcher::In(vs) => Matcher::In(vs),
        shape::RawMatcher::Present(p) => Matcher::Present(p),
        shape::RawMatcher::Glob(g) if g.value.len() > crate::pattern::MAX_PATTERN => {
            let message = format!(
                "a value glob is {} bytes; the limit is {}",
                g.value.len(),
                crate::pattern::MAX_PATTERN
            );
            return Err(Problem::new(
                ProblemKind::Limit,
                file,
                g.pos,
                message,
                "shorten the glob",
            ));
        }
        // A simple shape is a valid glob by construction: globset's parser
        // (code a cold WebAssembly call would compile first) is not needed.
        shape::RawMatcher::Glob(g) => match ValueGlob::simple(&g.value) {
            Some(simple) => Matcher::Glob(simple),
            None => {
                let built = GlobBuilder::new(&g.value)
                    .literal_separator(false)
                    .backslash_escape(true)
                    .build();
                let glob = glob_error(file, g.pos, &g.value, built)?;
                Matcher::Glob(ValueGlob::Set(glob_error(
                    file,
                    g.pos,
                    &g.value,
                    GlobSetBuilder::new().add(glob).build(),
                )?))
            }
        },
    })
}

/// Map a glob compile failure to a problem at `pos`.
pub fn glob_error<T>(
    file: &str,
    pos: Pos,
    text: &str,
    r: Result<T, globset::Error>,
) -> Result<T, Problem> {
    r.map_err(|e| crate::pattern::bad_glob(file, pos, text, &e.kind().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    fn decode(text: &str) -> Result<Condition, Problem> {
        let n = yaml::parse("c.yml", text, &yaml::LIMITS).unwrap();
        compile("c.yml", crate::de::from_node("c.yml", &n)?)
    }

    fn cond(text: &str) -> Condition {
        decode(text).unwrap()
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
    fn value_glob_shapes() {
        assert_eq!(picks("{d: {glob: '*python'}}"), [true, false, false]);
        assert_eq!(picks("{d: {glob: './x.*'}}"), [true, true, false]);
        assert_eq!(picks("{d: {glob: '*x.go*'}}"), [false, true, false]);
        assert_eq!(picks("{d: {glob: './x.python'}}"), [true, false, false]);
        assert_eq!(
            picks("{d: {glob: '*.{python,golang}'}}"),
            [true, true, false]
        );
        assert_eq!(picks("{d: {glob: '*x.?olang'}}"), [false, true, false]);
        assert_eq!(picks("{d: {glob: '*'}}"), [true, true, false]);
    }

    #[test]
    fn simple_shapes_agree_with_globset() {
        for glob in ["*python", "cuda*", "*cpp*", "x", "*/a", "*.", "a.b*", "-*"] {
            let simple = ValueGlob::simple(glob).unwrap();
            let set = GlobSetBuilder::new()
                .add(
                    GlobBuilder::new(glob)
                        .literal_separator(false)
                        .backslash_escape(true)
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap();
            for value in [
                "", "x", "python", "a/python", "cuda12", "my-cpp-x", "a.b/c", "-", "/a", "q.",
            ] {
                assert_eq!(
                    simple.is_match(value),
                    set.is_match(value),
                    "{glob} on {value:?}"
                );
            }
        }
    }

    /// Entries share a row exactly when the values read are equal, and
    /// entries of one row get the same answers.
    #[test]
    fn rows_answer_as_the_conditions_do() {
        let m = Matrix::parse(
            "m.yml",
            "a:\n  - {b: vllm, p: amd64, x: 1}\n  - {b: vllm, p: arm64, x: 2}\n  - {b: vllm, p: amd64, x: 3}\n  \
             - {b: '1', p: ~}\n  - {b: 1}\n  - {p: amd64, b: vllm}\nb:\n  - {b: vllm, p: amd64}\n",
            &["a".into(), "b".into()],
        )
        .unwrap();
        let conditions = [
            cond("{b: vllm}"),
            cond("{list: a, p: {present: true}}"),
            cond("{any: [{b: '1'}, {not: {p: {glob: '*64'}}}]}"),
        ];
        let mut rows = Rows::new(&conditions);
        let rows: Vec<usize> = m.entries.iter().map(|e| rows.row(e)).collect();
        // `x` is not read; `1` and `'1'` are told apart; field order does not count.
        assert_eq!(rows, [0, 1, 0, 2, 3, 0, 4]);
        let answers =
            |e: &Entry| -> Vec<bool> { conditions.iter().map(|c| c.test(e, &m)).collect() };
        for (e, row) in m.entries.iter().zip(&rows) {
            assert_eq!(
                answers(e),
                answers(&m.entries[rows.iter().position(|r| r == row).unwrap()])
            );
        }
        assert_eq!(answers(&m.entries[3]), [false, false, true]);
    }

    proptest::proptest! {
        /// On random matrices and conditions: entries that share a row get
        /// the same answer from every condition, so testing a row once can
        /// never select or skip an entry that a test of its own would not.
        #[test]
        fn a_row_never_hides_an_entry(
            entries in proptest::collection::vec(
                (0..2usize, proptest::collection::vec(0..VALUES.len(), 3)),
                1..40,
            ),
            picked in proptest::collection::vec(0..CONDITIONS.len(), 1..4),
        ) {
            let mut text = String::new();
            for (list, name) in ["a", "b"].iter().enumerate() {
                text.push_str(&format!("{name}:\n"));
                let mut any = false;
                for (_, values) in entries.iter().filter(|(l, _)| *l == list) {
                    let fields: Vec<String> = ["b", "p", "x"]
                        .iter()
                        .zip(values)
                        .filter(|(_, v)| !VALUES[**v].is_empty())
                        .map(|(f, v)| format!("{f}: {}", VALUES[*v]))
                        .collect();
                    text.push_str(&format!("  - {{{}}}\n", fields.join(", ")));
                    any = true;
                }
                if !any {
                    text.push_str("  []\n");
                }
            }
            let m = Matrix::parse("m.yml", &text, &["a".into(), "b".into()]).unwrap();
            let conditions: Vec<Condition> = picked.iter().map(|i| cond(CONDITIONS[*i])).collect();
            let mut rows = Rows::new(&conditions);
            let mut first: Map<usize, Vec<bool>> = Map::default();
            for e in &m.entries {
                let answers: Vec<bool> = conditions.iter().map(|c| c.test(e, &m)).collect();
                let seen = first.entry(rows.row(e)).or_insert_with(|| answers.clone());
                proptest::prop_assert_eq!(&*seen, &answers, "matrix:\n{}", text);
            }
        }
    }

    /// Field values for the property above; "" leaves the field out.
    const VALUES: [&str; 12] = [
        "", "~", "vllm", "'vllm'", "mlx", "1", "'1'", "1.0", "true", "'true'", "amd64", "arm64",
    ];

    /// Conditions for the property above: every kind, over the same fields.
    const CONDITIONS: [&str; 12] = [
        "{b: vllm}",
        "{b: '1'}",
        "{b: [vllm, mlx]}",
        "{list: a}",
        "{list: b, p: {present: true}}",
        "{p: {present: false}}",
        "{p: {glob: '*64'}}",
        "{x: {in: ['1', 'true']}}",
        "{any: [{b: mlx}, {not: {x: {present: true}}}]}",
        "{all: [{list: a}, {p: amd64}]}",
        "{not: {b: {equals: vllm}}}",
        "{x: {glob: 't*'}}",
    ];

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
        let e = decode("d:\n  glob: '[x'\n").unwrap_err();
        assert_eq!((e.kind, e.line, e.column), (ProblemKind::Glob, 2, 9));
        assert_eq!(
            decode("d: {glob: x, in: [y]}\n").unwrap_err().kind,
            ProblemKind::Type
        );
        let e = decode("d: {globb: x}\n").unwrap_err();
        assert_eq!(e.kind, ProblemKind::UnknownKey);
        assert!(e.hint.contains("`glob`"));
    }
}
