//! The data-only matrix file: named lists of flat entries.
//!
//! Entries keep the order and field order they were written in, because the
//! emitted matrices must read like the file. Values are strings, numbers,
//! booleans or null; anything nested is an authoring error.

use crate::error::{Pos, Problem, ProblemKind};
use crate::json;
use crate::yaml::{self, Node, Scalar, Value};
use std::borrow::Cow;
use std::cell::{Cell, OnceCell};
use std::collections::HashMap;
use std::rc::Rc;

/// Most entries accepted across all lists.
pub const MAX_ENTRIES: usize = 20_000;

/// An entry's fields as a sorted set of (name, JSON value) pairs.
type Canonical = Vec<(String, String)>;

/// One matrix entry.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Index into [`Matrix::lists`].
    pub list: usize,
    /// Position within its list (0-based).
    pub index: usize,
    pub pos: Pos,
    /// Names are shared: the entries of a matrix repeat them.
    pub fields: Vec<(Rc<str>, Scalar)>,
    /// Every key was written as text, so no two keys share a name (the YAML
    /// reader rejects duplicates) and the first field of a name is the only one.
    text_keys: bool,
    /// [`Entry::json`], once asked for.
    json: OnceCell<String>,
}

/// Entries are equal when they were written alike; whether their JSON was
/// asked for yet does not count.
impl PartialEq for Entry {
    fn eq(&self, other: &Entry) -> bool {
        (self.list, self.index, self.pos, &self.fields)
            == (other.list, other.index, other.pos, &other.fields)
    }
}

impl Entry {
    /// The entry as compact JSON, fields in written order: written when an
    /// output first lists the entry (a filtered run lists few) and kept,
    /// because every output that lists it repeats it.
    pub fn json(&self) -> &str {
        self.json_with(&mut FieldKeys::default())
    }

    /// [`Entry::json`], its field names written through `keys`, which the
    /// entries of one output share.
    pub fn json_with(&self, keys: &mut FieldKeys) -> &str {
        self.json.get_or_init(|| keys.entry_json(&self.fields))
    }

    pub fn get(&self, field: &str) -> Option<&Scalar> {
        self.fields
            .iter()
            .find(|(k, _)| **k == *field)
            .map(|(_, v)| v)
    }

    /// [`Entry::get`], trying first where the previous entry held the field.
    pub fn get_guessed(&self, field: &FieldName) -> Option<&Scalar> {
        if self.text_keys {
            if let Some((k, v)) = self.fields.get(field.at.get()) {
                if **k == *field.name {
                    return Some(v);
                }
            }
        }
        let at = self.fields.iter().position(|(k, _)| **k == *field.name)?;
        field.at.set(at);
        Some(&self.fields[at].1)
    }

    /// [`Entry::text`] through [`Entry::get_guessed`].
    pub fn text_guessed(&self, field: &FieldName) -> Option<Cow<'_, str>> {
        text_of(self.get_guessed(field)?)
    }

    /// A field's text, `None` when absent or null.
    pub fn text(&self, field: &str) -> Option<Cow<'_, str>> {
        text_of(self.get(field)?)
    }

    /// The entry as a JSON object, fields in written order.
    pub fn to_json(&self) -> serde_json::Value {
        let mut map = serde_json::Map::with_capacity(self.fields.len());
        for (k, v) in &self.fields {
            map.insert(k.to_string(), scalar_json(v));
        }
        serde_json::Value::Object(map)
    }

    /// Fields as a set: order and formatting never count as a change.
    fn canonical(&self) -> Canonical {
        let mut v: Vec<(String, String)> = self
            .fields
            .iter()
            .map(|(k, s)| (k.to_string(), scalar_json(s).to_string()))
            .collect();
        v.sort();
        v
    }
}

/// A field value's text, `None` for null.
fn text_of(value: &Scalar) -> Option<Cow<'_, str>> {
    match value {
        Scalar::Null => None,
        Scalar::Str(s) => Some(Cow::Borrowed(s)),
        other => Some(Cow::Owned(other.text())),
    }
}

/// A field name that remembers where the last entry searched held it:
/// the entries of a matrix are nearly always written with their fields in
/// one order, so a condition tested on every entry finds its field at the
/// first try instead of comparing names along the entry.
#[derive(Debug, Clone)]
pub struct FieldName {
    pub name: String,
    at: Cell<usize>,
}

impl FieldName {
    pub fn new(name: String) -> FieldName {
        FieldName {
            name,
            at: Cell::new(0),
        }
    }
}

/// Write a field's value (`None` when absent) as part of a key: its kind
/// and, for a text, its length first, so no two lists of values write the
/// same bytes. A number and its text write different keys.
pub fn push_key(key: &mut Vec<u8>, value: Option<&Scalar>) {
    match value {
        None => key.push(0),
        Some(Scalar::Null) => key.push(1),
        Some(Scalar::Bool(b)) => key.extend_from_slice(&[2, u8::from(*b)]),
        Some(Scalar::Int(i)) => {
            key.push(3);
            key.extend_from_slice(&i.to_le_bytes());
        }
        Some(Scalar::Float(x)) => {
            key.push(4);
            key.extend_from_slice(&x.to_bits().to_le_bytes());
        }
        Some(Scalar::Str(t)) => {
            key.push(5);
            key.extend_from_slice(&(t.len() as u64).to_le_bytes());
            key.extend_from_slice(t.as_bytes());
        }
    }
}

/// Whether [`push_key`] writes the same bytes for `a` and `b`, told
/// without writing them (so `0.0` and `-0.0`, whose texts differ, are not
/// the same, and a number is not its text).
pub fn same_key(a: &Scalar, b: &Scalar) -> bool {
    match (a, b) {
        (Scalar::Str(x), Scalar::Str(y)) => Rc::ptr_eq(x, y) || x == y,
        (Scalar::Int(x), Scalar::Int(y)) => x == y,
        (Scalar::Float(x), Scalar::Float(y)) => x.to_bits() == y.to_bits(),
        (Scalar::Bool(x), Scalar::Bool(y)) => x == y,
        (Scalar::Null, Scalar::Null) => true,
        _ => false,
    }
}

/// JSON for a scalar, as JavaScript's `JSON.stringify` would write it.
pub fn scalar_json(s: &Scalar) -> serde_json::Value {
    match s {
        Scalar::Null => serde_json::Value::Null,
        Scalar::Bool(b) => serde_json::Value::Bool(*b),
        Scalar::Int(i) => serde_json::Value::from(*i),
        Scalar::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 9.0e15 {
                serde_json::Value::from(*f as i64)
            } else {
                serde_json::Number::from_f64(*f)
                    .map_or(serde_json::Value::Null, serde_json::Value::Number)
            }
        }
        Scalar::Str(s) => serde_json::Value::String(s.to_string()),
    }
}

/// All entries of the configured lists, in list order then file order.
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    pub lists: Vec<String>,
    pub entries: Vec<Entry>,
}

impl Matrix {
    /// Reads the configured lists of a matrix file. Most files are read
    /// straight into entries ([`Matrix::parse_flat`]); any other, and every
    /// error, goes through the YAML tree ([`Matrix::parse_tree`]).
    pub fn parse(file: &str, text: &str, lists: &[String]) -> Result<Matrix, Problem> {
        match Matrix::parse_flat(text, lists) {
            Some(matrix) => Ok(matrix),
            None => Matrix::parse_tree(file, text, lists),
        }
    }

    /// The matrix read without a tree for its entries: `None` whenever the
    /// file is outside what [`yaml::read_top`] reads flat or would be an
    /// error, never a different matrix than [`Matrix::parse_tree`]'s.
    #[doc(hidden)]
    pub fn parse_flat(text: &str, lists: &[String]) -> Option<Matrix> {
        let mut top = yaml::read_top(text, &yaml::LIMITS)?;
        let mut entries = Vec::new();
        for (li, name) in lists.iter().enumerate() {
            let (_, value) = top.iter_mut().find(|(k, _)| k.as_str() == Some(name))?;
            // Entries are moved out, as the tree path moves them.
            let value = std::mem::replace(
                value,
                yaml::TopValue::Node(Node {
                    value: Value::Scalar(Scalar::Null),
                    pos: Pos { line: 1, column: 1 },
                }),
            );
            match value {
                yaml::TopValue::Maps(maps) => {
                    if entries.len() + maps.len() > MAX_ENTRIES {
                        return None;
                    }
                    entries.extend(maps.into_iter().enumerate().map(|(index, map)| Entry {
                        list: li,
                        index,
                        pos: map.pos,
                        fields: map.fields,
                        text_keys: true,
                        json: OnceCell::new(),
                    }));
                }
                yaml::TopValue::Node(node) => match node.value {
                    Value::Scalar(Scalar::Null) => {}
                    Value::Seq(items) => {
                        for (index, item) in items.into_iter().enumerate() {
                            if entries.len() >= MAX_ENTRIES {
                                return None;
                            }
                            // An entry that is an error is the tree's to report.
                            entries.push(entry("", li, index, item).ok()?);
                        }
                    }
                    _ => return None,
                },
            }
        }
        Some(Matrix {
            lists: lists.to_vec(),
            entries,
        })
    }

    /// The matrix through the file's YAML tree: the reference, and the
    /// reader of every file [`Matrix::parse_flat`] leaves.
    #[doc(hidden)]
    pub fn parse_tree(file: &str, text: &str, lists: &[String]) -> Result<Matrix, Problem> {
        let root = yaml::parse(file, text, &yaml::LIMITS)?;
        let problem = |pos, message: String, hint: &str| {
            Problem::new(ProblemKind::Matrix, file, pos, message, hint)
        };
        let pos = root.pos;
        let Value::Map(mut top) = root.value else {
            return Err(problem(
                pos,
                format!(
                    "the matrix file must be a mapping of lists, found {}",
                    Node {
                        value: root.value,
                        pos
                    }
                    .describe()
                ),
                "write `include:` followed by a list of entries",
            ));
        };
        let mut entries = Vec::new();
        for (li, name) in lists.iter().enumerate() {
            let Some((_, node)) = top.iter_mut().find(|(k, _)| k.as_str() == Some(name)) else {
                return Err(problem(pos, format!("the matrix file has no top-level list `{name}`"), "add the list (it may be empty: `name: []`), or remove it from `matrix.lists` in the config"));
            };
            // Entries are moved out of the tree, not copied.
            let node = std::mem::replace(
                node,
                Node {
                    value: Value::Scalar(Scalar::Null),
                    pos: node.pos,
                },
            );
            let items = match node.value {
                Value::Seq(items) => items,
                Value::Scalar(Scalar::Null) => Vec::new(),
                value => {
                    let node = Node {
                        value,
                        pos: node.pos,
                    };
                    return Err(problem(
                        node.pos,
                        format!(
                            "`{name}` must be a list of entries, found {}",
                            node.describe()
                        ),
                        "write each entry as `- key: value`",
                    ));
                }
            };
            for (index, item) in items.into_iter().enumerate() {
                if entries.len() >= MAX_ENTRIES {
                    return Err(Problem::new(
                        ProblemKind::Limit,
                        file,
                        item.pos,
                        format!("more than {MAX_ENTRIES} entries"),
                        "split the matrix into several files and configs",
                    ));
                }
                entries.push(entry(file, li, index, item)?);
            }
        }
        Ok(Matrix {
            lists: lists.to_vec(),
            entries,
        })
    }

    /// Identity key of an entry: its identity fields' texts joined by `|`
    /// (an absent field is empty). With no identity fields, the whole entry.
    pub fn key(entry: &Entry, identity: &[String]) -> String {
        if identity.is_empty() {
            return serde_json::to_string(&entry.canonical()).unwrap_or_default();
        }
        let mut key = String::with_capacity(16 * identity.len());
        for (i, field) in identity.iter().enumerate() {
            if i > 0 {
                key.push('|');
            }
            if let Some(text) = entry.text(field) {
                key.push_str(&text);
            }
        }
        key
    }

    /// Entries of `self` that are new or changed compared to `previous`.
    /// Removed entries select nothing; order and formatting do not count.
    pub fn changed_since(&self, previous: &Matrix, identity: &[String]) -> Vec<bool> {
        let mut before: HashMap<(usize, String), Vec<Canonical>> = HashMap::new();
        for e in &previous.entries {
            let list = self
                .lists
                .iter()
                .position(|l| *l == previous.lists[e.list])
                .unwrap_or(usize::MAX);
            before
                .entry((list, Self::key(e, identity)))
                .or_default()
                .push(e.canonical());
        }
        self.entries
            .iter()
            .map(|e| match before.get(&(e.list, Self::key(e, identity))) {
                None => true,
                Some(versions) => !versions.contains(&e.canonical()),
            })
            .collect()
    }
}

fn entry(file: &str, list: usize, index: usize, node: Node) -> Result<Entry, Problem> {
    let pos = node.pos;
    let Value::Map(map) = node.value else {
        let node = Node {
            value: node.value,
            pos,
        };
        return Err(Problem::new(
            ProblemKind::Matrix,
            file,
            pos,
            format!(
                "a matrix entry must be a mapping of fields, found {}",
                node.describe()
            ),
            "write the entry as `- key: value` lines",
        ));
    };
    let mut fields = Vec::with_capacity(map.len());
    let mut text_keys = true;
    for (k, v) in map {
        let key = match k.value {
            Value::Scalar(Scalar::Str(s)) => s,
            Value::Scalar(s) => {
                // `1:` and `'1':` are different YAML keys but one field name.
                text_keys = false;
                s.text().into()
            }
            // Keys are scalars by construction in `crate::yaml`.
            _ => {
                text_keys = false;
                Rc::from("")
            }
        };
        match v.value {
            Value::Scalar(s) => fields.push((key, s)),
            value => {
                let v = Node { value, pos: v.pos };
                return Err(Problem::new(
                    ProblemKind::Matrix,
                    file,
                    v.pos,
                    format!(
                        "field `{key}` is {}; matrix values must be strings, numbers or booleans",
                        v.describe()
                    ),
                    "flatten the value into a string, e.g. a comma-separated list",
                ));
            }
        }
    }
    Ok(Entry {
        list,
        index,
        pos,
        fields,
        text_keys,
        json: OnceCell::new(),
    })
}

/// Each field name as written in the last entry's JSON, by its place in the
/// entry. The entries of a matrix share their names (one `Rc<str>` each) and
/// nearly always write them in one order, so a name is escaped once, not once
/// per entry. The quotes of plain string values are part of the written
/// names: `{"name":"` at the first place, `","name":"` at the others, cut at
/// either end where the value beside it is not a plain string; a value is
/// then one copy, without a byte-sized write for each quote.
#[derive(Debug, Default)]
pub struct FieldKeys(Vec<(Rc<str>, String)>);

impl FieldKeys {
    /// Compact JSON of an entry's fields, in written order.
    fn entry_json(&mut self, fields: &[(Rc<str>, Scalar)]) -> String {
        if fields.is_empty() {
            return "{}".into();
        }
        if self.0.len() < fields.len() {
            self.0
                .resize_with(fields.len(), || (Rc::from(""), String::new()));
        }
        let mut len = 2;
        for (at, ((name, value), (known, written))) in fields.iter().zip(&mut self.0).enumerate() {
            // The same name held by the same `Rc` is the same text; a name
            // read apart (a typed key, the tree read) is written again.
            if !Rc::ptr_eq(name, known) {
                written.clear();
                written.push_str(if at == 0 { "{" } else { "\"," });
                json::push_str(written, name);
                written.push_str(":\"");
                *known = Rc::clone(name);
            }
            // A guess for the capacity: never worth writing a value twice.
            len += written.len()
                + match value {
                    Scalar::Str(s) => s.len(),
                    _ => 24,
                };
        }
        let mut out = String::with_capacity(len);
        // Whether the value before was a plain string, its closing quote
        // still to write.
        let mut open = false;
        for (at, ((_, value), (_, written))) in fields.iter().zip(&self.0).enumerate() {
            let plain = match value {
                Scalar::Str(s) => json::is_plain(s).then_some(&**s),
                _ => None,
            };
            let from = usize::from(at > 0 && !open);
            let to = written.len() - usize::from(plain.is_none());
            out.push_str(&written[from..to]);
            match plain {
                Some(text) => out.push_str(text),
                None => json::push_scalar(&mut out, value),
            }
            open = plain.is_some();
        }
        out.push_str(if open { "\"}" } else { "}" });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `same_key` answers as a comparison of the bytes `push_key` writes.
    #[test]
    fn same_key_is_equal_written_keys() {
        let shared: Rc<str> = "a".into();
        let values = [
            Scalar::Null,
            Scalar::Bool(true),
            Scalar::Bool(false),
            Scalar::Int(0),
            Scalar::Int(1),
            Scalar::Float(0.0),
            Scalar::Float(-0.0),
            Scalar::Float(1.0),
            Scalar::Float(f64::NAN),
            Scalar::Str(Rc::clone(&shared)),
            Scalar::Str(shared),
            Scalar::Str("a".into()),
            Scalar::Str("1".into()),
            Scalar::Str("".into()),
            Scalar::Str("\0".into()),
        ];
        let written = |v: &Scalar| {
            let mut key = Vec::new();
            push_key(&mut key, Some(v));
            key
        };
        for a in &values {
            for b in &values {
                assert_eq!(same_key(a, b), written(a) == written(b), "{a:?} {b:?}");
            }
        }
    }

    fn m(text: &str) -> Matrix {
        Matrix::parse("m.yml", text, &["include".to_string(), "extra".to_string()]).unwrap()
    }

    /// Entries written through one [`FieldKeys`], as an output writes them:
    /// names shared or not, at the same place or moved, escaped or not,
    /// beside values of every kind, write what serde_json writes.
    #[test]
    fn entries_sharing_written_names_match_serde_json() {
        // Read by the flat read: the names are shared.
        let flat = m(concat!(
            "include:\n",
            "  - a: x\n    \"q\\\"k\": 'v\"w'\n    b: 1\n    c: true\n    é: null\n",
            "  - a: y\n    \"q\\\"k\": plain\n    b: text\n    c: 2.5\n    é: ü✓\n",
            "  - b: 1\n    a: \"\\t\"\n    c: ''\n",
            "  - a: x\n    \"q\\\"k\": 'v'\n    b: 1\n    c: true\n    é: null\n",
            "extra:\n  - c: 1\n    a: '2'\n",
        ));
        assert!(Rc::ptr_eq(
            &flat.entries[0].fields[0].0,
            &flat.entries[3].fields[0].0
        ));
        assert!(Rc::ptr_eq(
            &flat.entries[0].fields[0].0,
            &flat.entries[4].fields[1].0
        ));
        // Typed keys: read by the tree, each name its own.
        let typed = m(concat!(
            "include:\n",
            "  - a: z\n",
            "    1: one\n",
            "    true: \"\\u2028\"\n",
            "    ~: -3\n",
            "  - { a: z, '1': two, 'true': false, '': \"\\\\\" }\n",
            "  - \"\\u0001\": \"a long value of more than sixteen bytes\"\n",
            "  - {}\n",
            "extra: []\n",
        ));
        let mut keys = FieldKeys::default();
        for e in flat
            .entries
            .iter()
            .chain(&typed.entries)
            .chain(&flat.entries)
        {
            assert_eq!(e.json_with(&mut keys), e.to_json().to_string(), "{e:?}");
            // Written again through names left by other entries.
            let again = Entry {
                json: OnceCell::new(),
                ..e.clone()
            };
            assert_eq!(again.json_with(&mut keys), e.json(), "{e:?}");
        }
    }

    #[test]
    fn keeps_order_and_types() {
        let x = m("include:\n  - b: '1'\n    a: 2\n    c: true\nextra: []\n");
        assert_eq!(x.entries.len(), 1);
        assert_eq!(
            x.entries[0].to_json().to_string(),
            r#"{"b":"1","a":2,"c":true}"#
        );
        assert_eq!(x.entries[0].pos.line, 2);
    }

    #[test]
    fn nested_values_and_missing_lists_are_errors() {
        let e = Matrix::parse(
            "m.yml",
            "include:\n  - a: [1]\nextra:\n",
            &["include".into(), "extra".into()],
        )
        .unwrap_err();
        assert_eq!((e.kind, e.line), (ProblemKind::Matrix, 2));
        let e = Matrix::parse(
            "m.yml",
            "include: []\n",
            &["include".into(), "extra".into()],
        )
        .unwrap_err();
        assert!(e.message.contains("`extra`"));
    }

    #[test]
    fn self_diff_ignores_order_and_formatting() {
        let id = vec!["t".to_string()];
        let old =
            m("include:\n  - {t: a, v: 1}\n  - {t: b, v: 1}\n  - {t: gone, v: 1}\nextra: []\n");
        let new = m("include:\n  - t: b\n    v: 1\n  - {v: 1, t: a}\n  - {t: c, v: 1}\n  - {t: a, v: 2}\nextra:\n");
        // b unchanged, a reordered fields (unchanged), c new, second a changed.
        assert_eq!(new.changed_since(&old, &id), vec![false, false, true, true]);
    }

    /// A guessed place is only trusted when it holds the field (and only
    /// when every key was written as text).
    #[test]
    fn guessed_lookups_agree_with_get() {
        let x = m("include:\n  - {a: 1, b: 2}\n  - {b: 3, a: 4}\n  - {c: 5}\n  - {1: x, a: y}\n  - {1.0: z, a: w}\nextra: []\n");
        for name in ["a", "b", "c", "1", "d"] {
            let field = FieldName::new(name.to_string());
            for _ in 0..2 {
                for e in &x.entries {
                    assert_eq!(e.get_guessed(&field), e.get(name), "{name}");
                    assert_eq!(e.text_guessed(&field), e.text(name), "{name}");
                }
            }
        }
    }

    #[test]
    fn key_joins_identity_fields() {
        let x = m("include:\n  - {t: a, p: amd64}\n  - {t: b}\nextra: []\n");
        let id = vec!["t".to_string(), "p".to_string()];
        assert_eq!(Matrix::key(&x.entries[0], &id), "a|amd64");
        assert_eq!(Matrix::key(&x.entries[1], &id), "b|");
        // Absent, null and typed values; a field named twice in the identity.
        let x = m("include:\n  - {n: null, i: 3, f: 1.5, b: true, s: 'x|y'}\nextra: []\n");
        let id: Vec<String> = ["n", "missing", "i", "f", "b", "s", "i"]
            .map(String::from)
            .into();
        assert_eq!(Matrix::key(&x.entries[0], &id), "||3|1.5|true|x|y|3");
        assert_eq!(Matrix::key(&x.entries[0], &id[..1]), "");
    }
}
