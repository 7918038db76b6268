//! The config file's shape: serde types mirroring the YAML as written.
//!
//! These types are the single description of the config language. The
//! decoder reads them (through [`crate::de`]), [`crate::config`] checks and
//! compiles them, and in tests `schemars` derives the committed JSON Schema
//! (`schema/config.schema.json`) from them, so the schema cannot drift.
//! Doc comments here become the schema's descriptions.

use crate::de::{Spanned, Strings};
use crate::unless::Unless;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;

/// changed-backends config: which matrix entries a change selects.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "Config"))]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[cfg_attr(test, schemars(rename = "File"))]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawFile {
    /// The data-only matrix file and the top-level lists holding entries.
    pub matrix: RawMatrixSource,
    /// Fields identifying an entry across revisions of the matrix file (for the
    /// self-diff and the entry keys in explanations). Default: the whole entry.
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<typescript::OneOrMany<String>>", optional))]
    pub identity: Strings,
    /// Template giving each entry's name, e.g. `{backend}`, for the `names`
    /// output and the per-name flags.
    #[cfg_attr(test, ts(as = "Option<String>", optional))]
    pub name: Option<Spanned<String>>,
    /// Where each entry's sources live: rules, and `first-match` blocks whose
    /// first applicable rule wins.
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<Vec<RawSourceRule>>", optional))]
    pub sources: Vec<Spanned<RawSourceRule>>,
    /// Build inputs shared by many entries: changed files → a selection.
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<Vec<RawSharedRule>>", optional))]
    pub shared: Vec<Spanned<RawSharedRule>>,
    /// Files that never select anything (patterns in the syntax of a
    /// workflow's `paths` filter). Listing the config file itself here stops
    /// an edit to it from building everything (`config-changed`).
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<typescript::OneOrMany<String>>", optional))]
    pub ignore: Strings,
    /// Names of the general outputs.
    #[cfg_attr(test, ts(optional))]
    pub outputs: Option<RawOutputs>,
    /// Named sub-matrices, optionally sharded and grouped. Default: one
    /// partition of every entry writing `matrix` and `has-entries`.
    #[cfg_attr(test, ts(as = "Option<Vec<RawPartition>>", optional))]
    pub partitions: Option<Vec<Spanned<RawPartition>>>,
    /// Tunable bounds.
    #[cfg_attr(test, ts(optional))]
    pub limits: Option<RawLimits>,
    /// What to do with entries that no source rule gives paths to.
    #[cfg_attr(test, ts(optional))]
    pub unwatched: Option<Unwatched>,
}

/// The matrix file.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "MatrixSource"))]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[cfg_attr(test, schemars(rename = "MatrixSource"))]
#[serde(deny_unknown_fields)]
pub struct RawMatrixSource {
    /// Path from the repository root, e.g. `.github/backend-matrix.yml`.
    #[cfg_attr(test, ts(as = "String"))]
    pub file: Spanned<String>,
    /// Top-level lists holding entries. Default: `[include]`.
    #[cfg_attr(test, ts(as = "Option<typescript::OneOrMany<String>>", optional))]
    pub lists: Option<Strings>,
}

/// A source rule, or a `first-match` block of them.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "SourceRule"))]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[cfg_attr(test, schemars(rename = "SourceRule"))]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawSourceRule {
    /// Shown in explanations instead of the rule's position.
    #[cfg_attr(test, ts(optional))]
    pub label: Option<String>,
    /// Which entries the rule applies to. Default: every entry.
    #[cfg_attr(test, ts(as = "Option<typescript::Condition>", optional))]
    pub when: Option<RawCondition>,
    /// Path patterns in the syntax of a workflow's `paths` filter, with `{field}`
    /// placeholders (`backend/python/{backend}/**`; `\{` is a literal brace);
    /// the last matching pattern decides, so a later `!pattern` excludes.
    #[cfg_attr(test, ts(as = "Option<typescript::OneOrMany<String>>", optional))]
    pub paths: Option<Strings>,
    /// A block: of these rules, only the first whose `when` holds applies.
    /// A block holds nothing else.
    #[cfg_attr(test, ts(as = "Option<Vec<RawSourceRule>>", optional))]
    pub first_match: Option<Vec<Spanned<RawSourceRule>>>,
}

/// A shared rule, or a `first-match` block of them.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "SharedRule"))]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[cfg_attr(test, schemars(rename = "SharedRule"))]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawSharedRule {
    /// Shown in explanations instead of the rule's position.
    #[cfg_attr(test, ts(optional))]
    pub label: Option<String>,
    /// Changed-file patterns in the syntax of a workflow's `paths` filter; the
    /// last matching pattern decides, so a later `!pattern` excludes.
    #[cfg_attr(test, ts(as = "Option<typescript::OneOrMany<String>>", optional))]
    pub files: Option<Strings>,
    /// The entries a matching file selects: `all`, `none` or a condition.
    #[cfg_attr(test, ts(as = "Option<typescript::Selector>", optional))]
    pub select: Option<RawSelector>,
    /// A content-aware exception.
    #[cfg_attr(test, ts(optional))]
    pub unless: Option<Unless>,
    /// A block: per changed file, only the first matching rule applies.
    /// A block holds nothing else.
    #[cfg_attr(test, ts(as = "Option<Vec<RawSharedRule>>", optional))]
    pub first_match: Option<Vec<Spanned<RawSharedRule>>>,
}

/// What to do with entries no source rule watches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Unwatched {
    /// Warn; such entries are only built on full runs.
    Warn,
    /// Fail the step.
    Error,
}

/// Output names; `false` disables one.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "OutputsConfig"))]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[cfg_attr(test, schemars(rename = "Outputs"))]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawOutputs {
    /// `true` on a full run. Default name: `run-all`.
    #[cfg_attr(test, ts(type = "string | false | null", optional))]
    pub run_all: Option<Spanned<RawToggle>>,
    /// The reason code. Default name: `reason`.
    #[cfg_attr(test, ts(type = "string | false | null", optional))]
    pub reason: Option<Spanned<RawToggle>>,
    /// JSON array of the selected names. Default name: `names`.
    #[cfg_attr(test, ts(type = "string | false | null", optional))]
    pub names: Option<Spanned<RawToggle>>,
    /// One `true`/`false` output per name; a template using `{name}`. Default: off.
    #[cfg_attr(test, ts(type = "string | false | null", optional))]
    pub name_flags: Option<Spanned<RawToggle>>,
}

/// An output name, or `false` to disable the output.
#[derive(Debug, Clone, PartialEq)]
pub enum RawToggle {
    Name(String),
    Off,
}

/// A named sub-matrix.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "PartitionConfig"))]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[cfg_attr(test, schemars(rename = "Partition"))]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawPartition {
    /// A unique id, used in results and as `{id}` in templates.
    pub id: String,
    /// Which selected entries belong here. Default: all.
    #[cfg_attr(test, ts(as = "Option<typescript::Condition>", optional))]
    pub when: Option<RawCondition>,
    /// Cut into this many contiguous balanced matrices (1-256). Default: 1.
    #[cfg_attr(test, ts(as = "Option<i64>", optional))]
    pub shards: Option<Spanned<i64>>,
    /// Output name of the matrix; may use `{shard}` and `{id}`.
    #[cfg_attr(test, ts(as = "String"))]
    pub matrix: Spanned<String>,
    /// Output name of the `true`/`false` non-emptiness flag.
    #[cfg_attr(test, ts(as = "String"))]
    pub has_entries: Spanned<String>,
    /// A grouped matrix: one item per distinct value of a field.
    #[cfg_attr(test, ts(as = "Option<RawGroup>", optional))]
    pub group: Option<Spanned<RawGroup>>,
}

/// A grouped matrix derived from a partition.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "GroupConfig"))]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[cfg_attr(test, schemars(rename = "Group"))]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawGroup {
    /// The field whose distinct values make the items (entries lacking it are skipped).
    pub by: String,
    /// Fields copied from each group's first entry (`""` when absent).
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<typescript::OneOrMany<String>>", optional))]
    pub carry: Strings,
    /// Output name of the grouped matrix.
    #[cfg_attr(test, ts(as = "String"))]
    pub matrix: Spanned<String>,
    /// Output name of its non-emptiness flag.
    #[cfg_attr(test, ts(as = "String"))]
    pub has_entries: Spanned<String>,
}

/// Tunable bounds.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "LimitsConfig"))]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[cfg_attr(test, schemars(rename = "Limits"))]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawLimits {
    /// More changed paths than this → run everything (`too-many-files`). Default 20000.
    #[cfg_attr(test, ts(as = "Option<i64>", optional))]
    pub max_changed_files: Option<Spanned<i64>>,
    /// Most commits listed one by one when a compare answer is capped. Default 100.
    #[cfg_attr(test, ts(as = "Option<i64>", optional))]
    pub max_commits: Option<Spanned<i64>>,
}

/// A test on an entry: every key must hold. Reserved keys are `list`, `any`,
/// `all`, `not` and `fields`; any other key names a field.
#[derive(Debug, Clone, Default)]
pub struct RawCondition {
    pub list: Option<RawMatcher>,
    pub any: Option<Vec<RawCondition>>,
    pub all: Option<Vec<RawCondition>>,
    pub not: Option<Box<RawCondition>>,
    pub fields: Vec<(String, RawMatcher)>,
}

/// How a field (or the list name) is tested.
#[derive(Debug, Clone, PartialEq)]
pub enum RawMatcher {
    Equals(String),
    In(Vec<String>),
    Glob(Spanned<String>),
    Present(bool),
}

/// `all`, `none`, or a condition.
#[derive(Debug, Clone)]
pub enum RawSelector {
    All,
    None,
    When(RawCondition),
}

/// A scalar as text (numbers and booleans included).
struct Text(String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Text)
    }
}

impl<'de> Deserialize<'de> for RawToggle {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = RawToggle;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an output name or false")
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> Result<RawToggle, E> {
                if b {
                    Err(E::invalid_value(de::Unexpected::Bool(true), &self))
                } else {
                    Ok(RawToggle::Off)
                }
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<RawToggle, E> {
                Ok(RawToggle::Name(s.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for RawMatcher {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawMatcher;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a value, a list of values, or one of {equals}, {glob}, {in}, {present}",
                )
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<RawMatcher, E> {
                Ok(RawMatcher::Equals(s.to_string()))
            }
            fn visit_i64<E: de::Error>(self, i: i64) -> Result<RawMatcher, E> {
                Ok(RawMatcher::Equals(i.to_string()))
            }
            fn visit_f64<E: de::Error>(self, f: f64) -> Result<RawMatcher, E> {
                Ok(RawMatcher::Equals(f.to_string()))
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> Result<RawMatcher, E> {
                Ok(RawMatcher::Equals(b.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawMatcher, A::Error> {
                let mut out = Vec::new();
                while let Some(Text(t)) = seq.next_element()? {
                    out.push(t);
                }
                Ok(RawMatcher::In(out))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawMatcher, A::Error> {
                const KEYS: &[&str] = &["equals", "glob", "in", "present"];
                let mut found = None;
                while let Some(key) = map.next_key::<String>()? {
                    let m = match key.as_str() {
                        "equals" => RawMatcher::Equals(map.next_value::<Text>()?.0),
                        "glob" => RawMatcher::Glob(map.next_value()?),
                        "in" => RawMatcher::In(
                            map.next_value::<Vec<Text>>()?
                                .into_iter()
                                .map(|t| t.0)
                                .collect(),
                        ),
                        "present" => RawMatcher::Present(map.next_value()?),
                        other => return Err(de::Error::unknown_field(other, KEYS)),
                    };
                    if found.replace(m).is_some() {
                        return Err(de::Error::custom(
                            "a matcher takes exactly one of equals, glob, in, present",
                        ));
                    }
                }
                found.ok_or_else(|| {
                    de::Error::custom("a matcher takes exactly one of equals, glob, in, present")
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// Read a condition's keys from a map (shared by [`RawCondition`] and [`RawSelector`]).
fn condition_from_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<RawCondition, A::Error> {
    let mut c = RawCondition::default();
    while let Some(key) = map.next_key::<String>()? {
        match key.as_str() {
            "list" => c.list = Some(map.next_value()?),
            "any" => c.any = Some(map.next_value()?),
            "all" => c.all = Some(map.next_value()?),
            "not" => c.not = Some(Box::new(map.next_value()?)),
            "fields" => c.fields.extend(map.next_value::<FieldMap>()?.0),
            _ => {
                let m = map.next_value::<Option<RawMatcher>>()?.ok_or_else(|| de::Error::custom(format!("`{key}` has no value; use `{{ present: false }}` to test for a missing field")))?;
                c.fields.push((key, m));
            }
        }
    }
    Ok(c)
}

/// The `fields:` escape hatch: field name → matcher, any name allowed.
struct FieldMap(Vec<(String, RawMatcher)>);

impl<'de> Deserialize<'de> for FieldMap {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FieldMap;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping of field names to matchers")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FieldMap, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    out.push((key, map.next_value()?));
                }
                Ok(FieldMap(out))
            }
        }
        d.deserialize_map(V)
    }
}

impl<'de> Deserialize<'de> for RawCondition {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawCondition;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a condition (a mapping)")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawCondition, A::Error> {
                condition_from_map(map)
            }
        }
        d.deserialize_map(V)
    }
}

impl<'de> Deserialize<'de> for RawSelector {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawSelector;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("`all`, `none` or a condition")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<RawSelector, E> {
                match s {
                    "all" => Ok(RawSelector::All),
                    "none" => Ok(RawSelector::None),
                    _ => Err(E::invalid_value(de::Unexpected::Str(s), &self)),
                }
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawSelector, A::Error> {
                condition_from_map(map).map(RawSelector::When)
            }
        }
        d.deserialize_any(V)
    }
}

/// Hand-written schemas for the types whose YAML forms serde cannot describe
/// by derive; everything else is derived.
#[cfg(test)]
mod schemas {
    use super::*;
    use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
    use std::borrow::Cow;

    impl<T: JsonSchema> JsonSchema for Spanned<T> {
        fn schema_name() -> Cow<'static, str> {
            T::schema_name()
        }
        fn inline_schema() -> bool {
            T::inline_schema()
        }
        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            T::json_schema(g)
        }
    }

    impl JsonSchema for Strings {
        fn schema_name() -> Cow<'static, str> {
            "Strings".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "description": "A string, or a list of strings.",
                "anyOf": [{ "type": "string" }, { "type": "array", "items": { "type": "string" } }]
            })
        }
    }

    impl JsonSchema for RawToggle {
        fn schema_name() -> Cow<'static, str> {
            "OutputName".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "description": "An output name (letters, digits, `-`, `_`; templates allowed), or `false` to disable the output.",
                "anyOf": [{ "type": "string" }, { "const": false }]
            })
        }
    }

    impl JsonSchema for RawMatcher {
        fn schema_name() -> Cow<'static, str> {
            "Matcher".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "description": "A value (equals), a list (one of), or exactly one of equals / glob / in / present.",
                "anyOf": [
                    { "type": ["string", "number", "boolean"] },
                    { "type": "array", "items": { "type": ["string", "number", "boolean"] } },
                    {
                        "type": "object",
                        "properties": {
                            "equals": { "type": ["string", "number", "boolean"] },
                            "glob": { "type": "string", "description": "A simple glob over the field's value, not a path pattern: `*` matches any text, `/` included." },
                            "in": { "type": "array", "items": { "type": ["string", "number", "boolean"] } },
                            "present": { "type": "boolean", "description": "true: the field exists and is not empty." }
                        },
                        "additionalProperties": false,
                        "minProperties": 1,
                        "maxProperties": 1
                    }
                ]
            })
        }
    }

    impl JsonSchema for RawCondition {
        fn schema_name() -> Cow<'static, str> {
            "Condition".into()
        }
        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            let matcher = g.subschema_for::<RawMatcher>();
            let this = g.subschema_for::<RawCondition>();
            json_schema!({
                "description": "Every key must hold. `list`, `any`, `all`, `not` and `fields` are reserved; any other key names an entry field.",
                "type": "object",
                "properties": {
                    "list": matcher,
                    "any": { "type": "array", "items": this },
                    "all": { "type": "array", "items": this },
                    "not": this,
                    "fields": { "type": "object", "additionalProperties": matcher }
                },
                "additionalProperties": matcher
            })
        }
    }

    impl JsonSchema for RawSelector {
        fn schema_name() -> Cow<'static, str> {
            "Selector".into()
        }
        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            let cond = g.subschema_for::<RawCondition>();
            json_schema!({ "anyOf": [{ "enum": ["all", "none"] }, cond] })
        }
    }
}

/// TypeScript shapes of the YAML forms that serde reads by hand (as
/// `schemas` does for the JSON Schema): never decoded, only exported.
#[cfg(test)]
#[allow(dead_code)] // mirrors only describe a form; nothing builds them
pub(crate) mod typescript {
    use std::collections::HashMap;
    use ts_rs::TS;

    /// A value or a list of values; a lone value is a one-item list.
    #[derive(TS)]
    #[ts(untagged)]
    pub enum OneOrMany<T: TS> {
        One(T),
        Many(Vec<T>),
    }

    /// A matrix value as a condition compares it (as text).
    #[derive(TS)]
    #[ts(untagged)]
    pub enum Scalar {
        Text(String),
        Number(f64),
        Flag(bool),
    }

    /// A test on one entry field: equal to a value, one of a list, matching a
    /// glob, or present/absent (present = exists, not null, not empty).
    #[derive(TS)]
    #[ts(untagged, rename = "FieldTest")]
    pub enum Matcher {
        Value(Scalar),
        Values(Vec<Scalar>),
        Equals {
            equals: Scalar,
        },
        In {
            #[ts(rename = "in")]
            in_: Vec<Scalar>,
        },
        /// A simple glob over the field's value, not a path pattern: `*` matches any text, `/` included.
        Glob {
            glob: String,
        },
        Present {
            present: bool,
        },
    }

    /// Which entries a rule applies to; every key must hold. Keys other than
    /// the reserved ones name entry fields (e.g. `backend`, `dockerfile`).
    #[derive(TS)]
    pub struct Condition {
        /// The matrix list the entry belongs to (e.g. `include`).
        #[ts(optional)]
        list: Option<Matcher>,
        /// Every listed condition holds.
        #[ts(optional)]
        all: Option<Vec<Condition>>,
        /// At least one listed condition holds.
        #[ts(optional)]
        any: Option<Vec<Condition>>,
        /// The condition does not hold.
        #[ts(optional)]
        not: Option<Box<Condition>>,
        /// Tests on fields whose names clash with the reserved keys above.
        #[ts(optional)]
        fields: Option<HashMap<String, Matcher>>,
        #[ts(flatten)]
        field: HashMap<String, ConditionValue>,
    }

    /// What a key of a condition may hold (TypeScript types every key of an
    /// object with an index signature by it, reserved keys included).
    #[derive(TS)]
    #[ts(untagged)]
    pub enum ConditionValue {
        Test(Matcher),
        Conditions(Vec<Condition>),
        Condition(Box<Condition>),
        Fields(HashMap<String, Matcher>),
    }

    /// `all`, `none`, or the entries a condition picks.
    #[derive(TS)]
    #[ts(untagged)]
    pub enum Selector {
        Keyword(SelectKeyword),
        When(Condition),
    }

    /// Every entry, or none.
    #[derive(TS)]
    #[ts(rename_all = "lowercase")]
    pub enum SelectKeyword {
        All,
        None,
    }
}

#[cfg(test)]
mod schema_file {
    use super::RawFile;

    const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/schema/config.schema.json");

    /// The committed schema is exactly what the types generate. Run with
    /// `UPDATE_SCHEMA=1` to rewrite it after changing the config's shape.
    #[test]
    fn committed_schema_matches_the_types() {
        let generator = schemars::generate::SchemaSettings::draft07().into_generator();
        let mut schema = generator.into_root_schema_for::<RawFile>();
        schema.insert(
            "$id".into(),
            "https://github.com/org/changed-backends-action/schema/config.schema.json".into(),
        );
        let text = serde_json::to_string_pretty(&schema).unwrap() + "\n";
        if std::env::var_os("UPDATE_SCHEMA").is_some() {
            std::fs::create_dir_all(concat!(env!("CARGO_MANIFEST_DIR"), "/schema")).unwrap();
            std::fs::write(PATH, &text).unwrap();
        }
        let committed = std::fs::read_to_string(PATH).unwrap_or_default();
        assert!(committed == text, "schema/config.schema.json is stale: run `UPDATE_SCHEMA=1 cargo test --lib committed_schema` and commit it");
    }
}
