//! A serde `Deserializer` over the positioned YAML tree.
//!
//! The config's shape is declared once, as Rust types deriving `Deserialize`
//! (and, in tests, `schemars::JsonSchema`, which writes the committed JSON
//! Schema), so the decoder and the schema cannot drift. Errors carry the
//! line and column of the node that caused them and the key path leading to
//! it; [`Spanned`] keeps a value's position for checks done after decoding.

use crate::error::{quote, Pos, Problem, ProblemKind};
use crate::yaml::{Node, Scalar, Value};
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;

const SPANNED: &str = "$changed_backends::Spanned";
const SPANNED_FIELDS: &[&str] = &["$line", "$column", "$value"];
const STRINGS: &str = "$changed_backends::Strings";

/// A decoding failure, positioned once it reaches the node that caused it.
#[derive(Debug)]
pub struct Error {
    kind: ProblemKind,
    message: String,
    hint: String,
    pos: Option<Pos>,
    path: Option<String>,
}

impl Error {
    fn new(kind: ProblemKind, message: String, hint: String) -> Self {
        Error {
            kind,
            message,
            hint,
            pos: None,
            path: None,
        }
    }

    /// Keep the innermost position and path: the first node that saw the error.
    fn at(mut self, pos: Pos, path: &str) -> Self {
        if self.pos.is_none() {
            self.pos = Some(pos);
            self.path = Some(path.to_string());
        }
        self
    }

    pub fn into_problem(self, file: &str) -> Problem {
        let path = self.path.unwrap_or_default();
        let message = match (self.kind, path.is_empty()) {
            (ProblemKind::UnknownKey | ProblemKind::MissingKey, false) => {
                format!("{} in `{path}`", self.message)
            }
            (_, false) => format!("`{path}`: {}", self.message),
            (_, true) => self.message,
        };
        Problem::new(
            self.kind,
            file,
            self.pos.unwrap_or(Pos { line: 1, column: 1 }),
            message,
            self.hint,
        )
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// What serde expected, in the config author's words: Rust's primitive
/// type names (`u64`, `f64`) mean nothing to someone writing YAML.
fn plain(exp: &dyn de::Expected) -> String {
    let exp = exp.to_string();
    match exp.as_str() {
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "a whole number, 0 or more".into(),
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "a whole number".into(),
        "f32" | "f64" => "a number".into(),
        _ => exp,
    }
}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error::new(ProblemKind::Type, msg.to_string(), String::new())
    }

    fn invalid_type(unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
        let exp = plain(exp);
        Error::new(
            ProblemKind::Type,
            format!("expected {exp}, found {unexp}"),
            format!("write it as {exp}"),
        )
    }

    fn invalid_value(unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
        let exp = plain(exp);
        Error::new(
            ProblemKind::Type,
            format!("expected {exp}, found {unexp}"),
            format!("write it as {exp}"),
        )
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        let hint = match closest(field, expected) {
            Some(k) => format!("did you mean `{k}`? known keys: {}", expected.join(", ")),
            None => format!("known keys: {}", expected.join(", ")),
        };
        Error::new(
            ProblemKind::UnknownKey,
            format!("unknown key {}", quote(field)),
            hint,
        )
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        let one_of = expected
            .iter()
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join(" or ");
        Error::new(
            ProblemKind::Type,
            format!("{} is not one of {one_of}", quote(variant)),
            format!("write {one_of}"),
        )
    }

    fn missing_field(field: &'static str) -> Self {
        Error::new(
            ProblemKind::MissingKey,
            format!("missing key `{field}`"),
            format!("add `{field}:`"),
        )
    }
}

/// Deserialize `T` from a node; problems name `file`.
pub fn from_node<'a, T: Deserialize<'a>>(file: &str, node: &'a Node) -> Result<T, Problem> {
    T::deserialize(De {
        node,
        path: String::new(),
    })
    .map_err(|e| e.into_problem(file))
}

/// Deserializes one node; `path` is the key path for messages (`partitions[1].shards`).
pub struct De<'a> {
    node: &'a Node,
    path: String,
}

impl<'a> De<'a> {
    fn child(&self, node: &'a Node, step: &str) -> De<'a> {
        let path = match (self.path.is_empty(), step.starts_with('[')) {
            (true, _) | (_, true) => format!("{}{step}", self.path),
            _ => format!("{}.{step}", self.path),
        };
        De { node, path }
    }

    fn locate<T>(&self, r: Result<T, Error>) -> Result<T, Error> {
        r.map_err(|e| e.at(self.node.pos, &self.path))
    }
}

impl<'de, 'a: 'de> de::Deserializer<'de> for De<'a> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let r = match &self.node.value {
            Value::Scalar(Scalar::Null) => visitor.visit_unit(),
            Value::Scalar(Scalar::Bool(b)) => visitor.visit_bool(*b),
            Value::Scalar(Scalar::Int(i)) => visitor.visit_i64(*i),
            Value::Scalar(Scalar::Float(f)) => visitor.visit_f64(*f),
            Value::Scalar(Scalar::Str(s)) => visitor.visit_borrowed_str(s),
            Value::Seq(items) => visitor.visit_seq(Seq {
                de: &self,
                items,
                next: 0,
            }),
            Value::Map(items) => visitor.visit_map(Map {
                de: &self,
                items,
                next: 0,
            }),
        };
        self.locate(r)
    }

    /// Numbers and booleans read as text where text is expected (`name: 12`).
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.node.value {
            Value::Scalar(s @ (Scalar::Int(_) | Scalar::Float(_) | Scalar::Bool(_))) => {
                let r = visitor.visit_string(s.text());
                self.locate(r)
            }
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.node.value {
            Value::Scalar(Scalar::Null) => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match name {
            SPANNED => visitor.visit_map(SpannedAccess {
                de: Some(self),
                step: 0,
            }),
            STRINGS => match &self.node.value {
                Value::Seq(_) => self.deserialize_any(visitor),
                _ => {
                    let items = std::slice::from_ref(self.node);
                    let r = visitor.visit_seq(Seq {
                        de: &self,
                        items,
                        next: 0,
                    });
                    self.locate(r)
                }
            },
            _ => {
                let _ = fields;
                self.deserialize_any(visitor)
            }
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let r = match &self.node.value {
            Value::Scalar(Scalar::Str(s)) => visitor.visit_enum((**s).into_deserializer()),
            _ => Err(de::Error::invalid_type(unexpected(self.node), &"a word")),
        };
        self.locate(r)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map identifier ignored_any
    }
}

fn unexpected(node: &Node) -> de::Unexpected<'_> {
    match &node.value {
        Value::Scalar(Scalar::Null) => de::Unexpected::Unit,
        Value::Scalar(Scalar::Bool(b)) => de::Unexpected::Bool(*b),
        Value::Scalar(Scalar::Int(i)) => de::Unexpected::Signed(*i),
        Value::Scalar(Scalar::Float(f)) => de::Unexpected::Float(*f),
        Value::Scalar(Scalar::Str(s)) => de::Unexpected::Str(s),
        Value::Seq(_) => de::Unexpected::Seq,
        Value::Map(_) => de::Unexpected::Map,
    }
}

struct Seq<'a, 'b> {
    de: &'b De<'a>,
    items: &'a [Node],
    next: usize,
}

impl<'de, 'a: 'de> SeqAccess<'de> for Seq<'a, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        let Some(node) = self.items.get(self.next) else {
            return Ok(None);
        };
        let de = self.de.child(node, &format!("[{}]", self.next));
        self.next += 1;
        let pos = node.pos;
        let path = de.path.clone();
        seed.deserialize(de).map(Some).map_err(|e| e.at(pos, &path))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len() - self.next)
    }
}

struct Map<'a, 'b> {
    de: &'b De<'a>,
    items: &'a [(Node, Node)],
    next: usize,
}

impl<'de, 'a: 'de> MapAccess<'de> for Map<'a, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((key, _)) = self.items.get(self.next) else {
            return Ok(None);
        };
        // A key's errors (unknown key) point at the key and name the map's path.
        let path = self.de.path.clone();
        seed.deserialize(De {
            node: key,
            path: path.clone(),
        })
        .map(Some)
        .map_err(|e| e.at(key.pos, &path))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let Some((key, value)) = self.items.get(self.next) else {
            return Err(de::Error::custom("a value without a key"));
        };
        self.next += 1;
        let step = match &key.value {
            Value::Scalar(s) => s.text(),
            _ => String::from("?"),
        };
        let de = self.de.child(value, &step);
        let path = de.path.clone();
        seed.deserialize(de).map_err(|e| e.at(value.pos, &path))
    }
}

/// Feeds a [`Spanned`] its line, column and value.
struct SpannedAccess<'a> {
    de: Option<De<'a>>,
    step: usize,
}

impl<'de, 'a: 'de> MapAccess<'de> for SpannedAccess<'a> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match SPANNED_FIELDS.get(self.step) {
            Some(f) => seed.deserialize((*f).into_deserializer()).map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        self.step += 1;
        match (self.step, self.de.take()) {
            (1, Some(de)) => {
                let line = de.node.pos.line as u64;
                self.de = Some(de);
                seed.deserialize(line.into_deserializer())
            }
            (2, Some(de)) => {
                let column = de.node.pos.column as u64;
                self.de = Some(de);
                seed.deserialize(column.into_deserializer())
            }
            (_, Some(de)) => seed.deserialize(de),
            _ => Err(de::Error::custom("spanned value read twice")),
        }
    }
}

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    pub pos: Pos,
    pub value: T,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Spanned<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Spanned<T>, A::Error> {
                let mut pos = Pos::default();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "$line" => pos.line = map.next_value::<u64>()? as usize,
                        "$column" => pos.column = map.next_value::<u64>()? as usize,
                        _ => {
                            return Ok(Spanned {
                                pos,
                                value: map.next_value()?,
                            })
                        }
                    }
                }
                Err(de::Error::custom("a spanned value without a value"))
            }
        }
        d.deserialize_struct(SPANNED, SPANNED_FIELDS, V(std::marker::PhantomData))
    }
}

/// A string or a list of strings (a lone string is a one-item list), each positioned.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Strings(pub Vec<Spanned<String>>);

impl<'de> Deserialize<'de> for Strings {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Strings;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or a list of strings")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Strings, A::Error> {
                let mut out = Vec::new();
                while let Some(s) = seq.next_element()? {
                    out.push(s);
                }
                Ok(Strings(out))
            }
        }
        d.deserialize_struct(STRINGS, &[], V)
    }
}

impl Strings {
    pub fn texts(&self) -> Vec<String> {
        self.0.iter().map(|s| s.value.clone()).collect()
    }
}

/// The known word nearest to `word` by edit distance, if it is near enough.
pub(crate) fn closest<'k>(word: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (distance(word, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields, rename_all = "kebab-case")]
    struct T {
        name: Spanned<String>,
        #[serde(default)]
        items: Strings,
        count: Option<u64>,
        mode: Option<Mode>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "kebab-case")]
    enum Mode {
        Warn,
        Error,
    }

    fn t(text: &str) -> Result<T, Problem> {
        let node = yaml::parse("t.yml", text, &yaml::LIMITS).unwrap();
        from_node("t.yml", &node)
    }

    #[test]
    fn spans_strings_and_enums() {
        let v = t("name: 12\nitems: one\ncount: 3\nmode: error\n").unwrap();
        assert_eq!(
            v.name,
            Spanned {
                pos: Pos { line: 1, column: 7 },
                value: "12".into()
            }
        );
        assert_eq!(v.items.texts(), ["one"]);
        assert_eq!(v.items.0[0].pos.line, 2);
        assert_eq!((v.count, v.mode), (Some(3), Some(Mode::Error)));
        assert_eq!(
            t("name: a\nitems: [x, y]\n").unwrap().items.0[1].pos,
            Pos {
                line: 2,
                column: 12
            }
        );
    }

    #[test]
    fn errors_are_positioned() {
        let e = t("name: a\ncuont: 1\n").unwrap_err();
        assert_eq!((e.kind, e.line, e.column), (ProblemKind::UnknownKey, 2, 1));
        assert!(e.hint.contains("`count`"), "{}", e.hint);
        let e = t("items: []\n").unwrap_err();
        assert_eq!((e.kind, e.line), (ProblemKind::MissingKey, 1));
        let e = t("name: a\ncount: many\n").unwrap_err();
        assert_eq!((e.kind, e.line, e.column), (ProblemKind::Type, 2, 8));
        assert!(e.message.starts_with("`count`"), "{}", e.message);
        let e = t("name: a\nmode: loud\n").unwrap_err();
        assert_eq!((e.kind, e.line), (ProblemKind::Type, 2));
        assert!(e.hint.contains("`warn`"));
        let e = t("name: a\nitems: [x, [y]]\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 12));
        assert!(e.message.contains("items[1]"), "{}", e.message);
    }
}
