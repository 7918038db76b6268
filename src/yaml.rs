//! A small YAML tree with positions and budgets.
//!
//! `saphyr-parser` (safe Rust) gives events with spans; this module turns them
//! into [`Node`]s that remember where they were written, so every later error
//! can name a line and column. Budgets stop hostile input early: size, depth,
//! node count and alias expansion are all bounded (see [`Limits`]).

use crate::error::{Pos, Problem, ProblemKind};

mod fast;
pub use fast::{FlatMap, TopValue};
use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// Documented bounds on any YAML input (config or matrix).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest accepted input, in bytes.
    pub max_bytes: usize,
    /// Deepest accepted nesting of sequences and mappings.
    pub max_depth: usize,
    /// Most nodes in the tree, counting every alias expansion.
    pub max_nodes: usize,
    /// Most alias uses (`*name`).
    pub max_aliases: usize,
}

/// The bounds used for both the config and the matrix file.
pub const LIMITS: Limits = Limits {
    max_bytes: 4 * 1024 * 1024,
    max_depth: 64,
    max_nodes: 500_000,
    max_aliases: 1_000,
};

/// A scalar, resolved with YAML 1.2's core schema (quoted scalars stay strings).
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// Shared, so a text written many times (a matrix's keys, the values
    /// its entries repeat) can be one allocation.
    Str(Rc<str>),
}

impl Scalar {
    /// Whether two scalars read as the same text (`1` and `"1"` do): keys
    /// are compared this way, since fields are looked up by text.
    pub fn same_text(&self, other: &Scalar) -> bool {
        match (self, other) {
            // Lengths first: the keys of one mapping mostly differ in length.
            (Scalar::Str(a), Scalar::Str(b)) => a.len() == b.len() && a == b,
            _ => self.text() == other.text(),
        }
    }

    /// The text form used for matching and templates (`true`, `12`, `abc`).
    pub fn text(&self) -> String {
        match self {
            Scalar::Null => String::new(),
            Scalar::Bool(b) => b.to_string(),
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
            Scalar::Str(s) => s.to_string(),
        }
    }
}

/// A YAML value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Scalar(Scalar),
    Seq(Vec<Node>),
    /// Keys keep their written order; duplicates are rejected while parsing.
    Map(Vec<(Node, Node)>),
}

/// A value and the position where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
}

impl Node {
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(Scalar::Str(s)) => Some(s),
            _ => None,
        }
    }
    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }
    /// A short word for error messages ("a list", "a string"...).
    pub fn describe(&self) -> &'static str {
        match &self.value {
            Value::Scalar(Scalar::Null) => "null",
            Value::Scalar(Scalar::Bool(_)) => "a boolean",
            Value::Scalar(Scalar::Int(_)) | Value::Scalar(Scalar::Float(_)) => "a number",
            Value::Scalar(Scalar::Str(_)) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

fn pos_of(span: &Span) -> Pos {
    Pos {
        line: span.start.line(),
        column: span.start.col() + 1,
    }
}

/// Parse one YAML document. An empty document is `Null` at 1:1.
///
/// Most files are read by a fast reader for the plain subset of YAML they
/// use ([`fast`]); anything else, and every error, goes through saphyr.
pub fn parse(file: &str, text: &str, limits: &Limits) -> Result<Node, Problem> {
    check_size(file, text, limits)?;
    match fast::read(text, limits) {
        Some(node) => Ok(node),
        None => parse_events(file, text, limits),
    }
}

/// The top-level mapping of a file read by the fast reader, its block
/// sequences as flat mappings (see [`fast::read_top`]); `None` when the
/// text is not such a mapping within the fast reader's subset, or is too
/// large, so the caller reads it with [`parse`] instead.
pub fn read_top(text: &str, limits: &Limits) -> Option<Vec<(Node, TopValue)>> {
    if text.len() > limits.max_bytes {
        return None;
    }
    fast::read_top(text, limits)
}

/// The two readers on their own, so tests and the fuzz target can hold the
/// fast one to saphyr's trees.
#[doc(hidden)]
pub mod readers {
    use super::*;

    /// The fast reader: `None` when the text is outside its subset.
    pub fn fast(text: &str, limits: &Limits) -> Option<Node> {
        super::fast::read(text, limits)
    }

    /// saphyr's events, whatever the text.
    pub fn full(file: &str, text: &str, limits: &Limits) -> Result<Node, Problem> {
        check_size(file, text, limits)?;
        parse_events(file, text, limits)
    }
}

fn check_size(file: &str, text: &str, limits: &Limits) -> Result<(), Problem> {
    if text.len() > limits.max_bytes {
        return Err(Problem::new(
            ProblemKind::Limit,
            file,
            Pos { line: 1, column: 1 },
            format!(
                "the file is {} bytes; the limit is {} bytes",
                text.len(),
                limits.max_bytes
            ),
            "split the file or remove unused content",
        ));
    }
    Ok(())
}

/// The tree from saphyr's events.
fn parse_events(file: &str, text: &str, limits: &Limits) -> Result<Node, Problem> {
    Builder {
        file,
        limits,
        anchors: HashMap::new(),
        nodes: 0,
        aliases: 0,
    }
    .run(text)
}

/// Keys a mapping may hold before their texts go into a set.
const FEW_KEYS: usize = 16;

/// The keys of one mapping so far, to find a repeated one. A few are compared
/// one by one; past [`FEW_KEYS`] their texts go into a set, so a mapping of
/// very many keys (a hostile matrix) costs linear time, not quadratic.
#[derive(Default)]
struct Keys {
    set: Option<HashSet<String>>,
    /// One bit per text key so far, chosen by its length and end bytes;
    /// a key whose bit is clear cannot repeat one of them.
    bits: u64,
    /// Some key so far was not a string: `1` and `"1"` have one text, so
    /// the bits no longer tell.
    typed: bool,
}

impl Keys {
    /// Whether `key` repeats one of `earlier`, the mapping's keys so far,
    /// which must grow by exactly the keys this was asked about.
    fn repeats(&mut self, earlier: &[(Node, Node)], key: &Node) -> bool {
        let Value::Scalar(key) = &key.value else {
            return false;
        };
        if earlier.len() < FEW_KEYS {
            match key {
                Scalar::Str(text) if !self.typed => {
                    let bit = text_bit(text.as_bytes());
                    if self.bits & bit == 0 {
                        self.bits |= bit;
                        return false;
                    }
                }
                Scalar::Str(_) => {}
                _ => self.typed = true,
            }
            return earlier
                .iter()
                .any(|(k, _)| matches!(&k.value, Value::Scalar(s) if s.same_text(key)));
        }
        let set = self.set.get_or_insert_with(|| {
            earlier
                .iter()
                .filter_map(|(k, _)| match &k.value {
                    Value::Scalar(s) => Some(s.text()),
                    _ => None,
                })
                .collect()
        });
        !set.insert(key.text())
    }

    /// [`Keys::repeats`] for a mapping whose keys are all text, kept as a
    /// matrix entry keeps them.
    fn repeats_text<V>(&mut self, earlier: &[(Rc<str>, V)], key: &str) -> bool {
        if earlier.len() < FEW_KEYS {
            let bit = text_bit(key.as_bytes());
            if self.bits & bit == 0 {
                self.bits |= bit;
                return false;
            }
            return earlier.iter().any(|(k, _)| **k == *key);
        }
        let set = self
            .set
            .get_or_insert_with(|| earlier.iter().map(|(k, _)| k.to_string()).collect());
        !set.insert(key.to_string())
    }
}

/// The bit [`Keys`] sets for a text key, chosen by its length and end bytes.
fn text_bit(b: &[u8]) -> u64 {
    let ends = b.first().map_or(0, |&c| usize::from(c) << 2)
        ^ b.last().map_or(0, |&c| usize::from(c) >> 1);
    1u64 << ((b.len() ^ ends) & 63)
}

/// A container being built: its start position and what it has so far.
enum Frame {
    Seq {
        pos: Pos,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        pos: Pos,
        anchor: usize,
        items: Vec<(Node, Node)>,
        key: Option<Node>,
        keys: Keys,
    },
}

struct Builder<'a> {
    file: &'a str,
    limits: &'a Limits,
    anchors: HashMap<usize, Node>,
    nodes: usize,
    aliases: usize,
}

impl Builder<'_> {
    fn problem(
        &self,
        kind: ProblemKind,
        pos: Pos,
        message: impl Into<String>,
        hint: &str,
    ) -> Problem {
        Problem::new(kind, self.file, pos, message, hint)
    }

    fn count(&mut self, n: usize, pos: Pos) -> Result<(), Problem> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > self.limits.max_nodes {
            return Err(self.problem(
                ProblemKind::Limit,
                pos,
                format!(
                    "more than {} YAML nodes (an anchored node counts again for its copy, an alias each time it is used)",
                    self.limits.max_nodes
                ),
                "remove aliases that expand large structures, or split the file",
            ));
        }
        Ok(())
    }

    fn run(mut self, text: &str) -> Result<Node, Problem> {
        let mut parser = Parser::new_from_str(text);
        let mut stack: Vec<Frame> = Vec::new();
        let mut root: Option<Node> = None;
        let mut documents = 0usize;
        while let Some(next) = parser.next_event() {
            let (event, span) = next.map_err(|e| {
                let m = e.marker();
                let pos = Pos { line: m.line(), column: m.col() + 1 };
                if e.info().contains("recursion limit") {
                    // The parser's own nesting bound: a limit, like ours.
                    return self.problem(ProblemKind::Limit, pos, format!("nesting too deep: {}", e.info()), "flatten the structure");
                }
                if let Some(at) = first_nul(text) {
                    return self.problem(ProblemKind::Syntax, at, format!("the file holds a NUL character (U+0000), which YAML does not allow (the parser stopped at {}:{}: {})", pos.line, pos.column, e.info()), "remove it; a value that needs it can write it as an escape in double quotes, \"\\0\"");
                }
                if let Some((open, at)) = unclosed_flow(text, pos) {
                    let close = if open == '[' { ']' } else { '}' };
                    return self.problem(ProblemKind::Syntax, at, format!("`{open}` is never closed (the parser stopped at {}:{}: {})", pos.line, pos.column, e.info()), &format!("add the missing `{close}`, or remove this `{open}`"));
                }
                self.problem(ProblemKind::Syntax, pos, format!("invalid YAML: {}", e.info()), "check indentation (spaces only, no tabs), quotes and colons near this position")
            })?;
            let pos = pos_of(&span);
            let done = match event {
                Event::StreamStart | Event::StreamEnd | Event::Nothing | Event::DocumentEnd => None,
                Event::DocumentStart(_) => {
                    documents += 1;
                    if documents > 1 {
                        return Err(self.problem(
                            ProblemKind::Syntax,
                            pos,
                            "more than one YAML document",
                            "keep a single document; remove the extra `---`",
                        ));
                    }
                    None
                }
                Event::SequenceStart(anchor, tag) => {
                    self.open(stack.len(), tag.as_deref(), pos)?;
                    stack.push(Frame::Seq {
                        pos,
                        anchor,
                        items: Vec::new(),
                    });
                    None
                }
                Event::MappingStart(anchor, tag) => {
                    self.open(stack.len(), tag.as_deref(), pos)?;
                    stack.push(Frame::Map {
                        pos,
                        anchor,
                        items: Vec::new(),
                        key: None,
                        keys: Keys::default(),
                    });
                    None
                }
                Event::SequenceEnd => match stack.pop() {
                    Some(Frame::Seq { pos, anchor, items }) => Some((
                        Node {
                            value: Value::Seq(items),
                            pos,
                        },
                        anchor,
                    )),
                    _ => {
                        return Err(self.problem(
                            ProblemKind::Syntax,
                            pos,
                            "unbalanced sequence",
                            "",
                        ))
                    }
                },
                Event::MappingEnd => match stack.pop() {
                    Some(Frame::Map {
                        pos,
                        anchor,
                        items,
                        key: None,
                        ..
                    }) => Some((
                        Node {
                            value: Value::Map(items),
                            pos,
                        },
                        anchor,
                    )),
                    _ => {
                        return Err(self.problem(
                            ProblemKind::Syntax,
                            pos,
                            "unbalanced mapping",
                            "",
                        ))
                    }
                },
                Event::Scalar(text, style, anchor, tag) => {
                    let as_string = self.check_tag(
                        tag.as_deref()
                            .map(|t| (t.handle.as_str(), t.suffix.as_str())),
                        pos,
                        true,
                    )?;
                    let scalar = if as_string || style != ScalarStyle::Plain {
                        Scalar::Str(text.into())
                    } else {
                        resolve_plain(&text)
                    };
                    Some((
                        Node {
                            value: Value::Scalar(scalar),
                            pos,
                        },
                        anchor,
                    ))
                }
                Event::Alias(id) => {
                    self.aliases += 1;
                    if self.aliases > self.limits.max_aliases {
                        return Err(self.problem(
                            ProblemKind::Limit,
                            pos,
                            format!("more than {} alias uses", self.limits.max_aliases),
                            "write the values out, or use fewer aliases",
                        ));
                    }
                    let Some(target) = self.anchors.get(&id) else {
                        return Err(self.problem(
                            ProblemKind::Syntax,
                            pos,
                            "alias to an unknown anchor",
                            "define the anchor (`&name`) before using it",
                        ));
                    };
                    let mut node = target.clone();
                    node.pos = pos;
                    let size = tree_size(&node);
                    self.count(size, pos)?;
                    Some((node, 0))
                }
            };
            let Some((node, anchor)) = done else { continue };
            self.count(1, node.pos)?;
            if anchor != 0 {
                // The copy kept for aliases counts too: nested anchors over a
                // large subtree would otherwise hold it many times over.
                self.count(tree_size(&node), node.pos)?;
                self.anchors.insert(anchor, node.clone());
            }
            match stack.last_mut() {
                None => root = Some(node),
                Some(Frame::Seq { items, .. }) => items.push(node),
                Some(Frame::Map {
                    items, key, keys, ..
                }) => match key.take() {
                    None => {
                        let Value::Scalar(scalar) = &node.value else {
                            return Err(self.problem(
                                ProblemKind::Syntax,
                                node.pos,
                                "a mapping key must be a plain value",
                                "use a string key",
                            ));
                        };
                        if keys.repeats(items, &node) {
                            let name = scalar.text();
                            return Err(self.problem(ProblemKind::Syntax, node.pos, format!("duplicate key `{name}`"), "each key may appear once in a mapping; remove or merge the duplicate"));
                        }
                        *key = Some(node);
                    }
                    Some(k) => items.push((k, node)),
                },
            }
        }
        Ok(root.unwrap_or(Node {
            value: Value::Scalar(Scalar::Null),
            pos: Pos { line: 1, column: 1 },
        }))
    }

    /// Checks before a sequence or mapping opens at nesting `depth`.
    fn open(
        &self,
        depth: usize,
        tag: Option<&saphyr_parser::Tag>,
        pos: Pos,
    ) -> Result<(), Problem> {
        self.check_tag(
            tag.map(|t| (t.handle.as_str(), t.suffix.as_str())),
            pos,
            false,
        )?;
        if depth >= self.limits.max_depth {
            return Err(self.problem(
                ProblemKind::Limit,
                pos,
                format!("nesting deeper than {} levels", self.limits.max_depth),
                "flatten the structure",
            ));
        }
        Ok(())
    }

    /// Only the core schema's `!!str` (force a string) and no-op `!!` tags are
    /// accepted; custom tags would mean behaviour this data-only format lacks.
    fn check_tag(
        &self,
        tag: Option<(&str, &str)>,
        pos: Pos,
        scalar: bool,
    ) -> Result<bool, Problem> {
        match tag {
            None => Ok(false),
            Some(("!!", "str")) | Some(("tag:yaml.org,2002:", "str")) if scalar => Ok(true),
            Some(("!!", s)) | Some(("tag:yaml.org,2002:", s))
                if matches!(s, "map" | "seq" | "int" | "float" | "bool" | "null") =>
            {
                Ok(false)
            }
            Some((h, s)) => Err(self.problem(
                ProblemKind::Syntax,
                pos,
                format!("unsupported tag `{h}{s}`"),
                "remove the tag; the file is plain data",
            )),
        }
    }
}

/// The first NUL in the text and its position, looked for only once parsing
/// failed: saphyr reads a NUL as the end of the stream, so its own message
/// ("unexpected end of stream") would point the author elsewhere.
fn first_nul(text: &str) -> Option<Pos> {
    let at = text.bytes().position(|b| b == 0)?;
    Some(crate::error::pos_at(text, at))
}

/// The innermost flow collection (`[` or `{`) still open where the parser
/// failed (`error`), when it opens on an earlier line. The parser notices a
/// missing bracket only lines later, where nothing is wrong; the author needs
/// to see the bracket. A coarse scan (quotes and comments skipped, brackets
/// inside plain words ignored), used only once parsing has already failed.
fn unclosed_flow(text: &str, error: Pos) -> Option<(char, Pos)> {
    let end = byte_offset(text, error)?;
    let mut open: Vec<(usize, char)> = Vec::new();
    let mut prev = '\n';
    let mut chars = text[..end].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let starts_token = prev.is_whitespace() || matches!(prev, '[' | '{' | ',' | ':');
        match c {
            '[' | '{' if starts_token => open.push((i, c)),
            ']' | '}' if !open.is_empty() => {
                open.pop();
            }
            '#' if prev.is_whitespace() => while chars.next_if(|&(_, n)| n != '\n').is_some() {},
            '\'' if starts_token => loop {
                match chars.next() {
                    Some((_, '\'')) if chars.next_if(|&(_, n)| n == '\'').is_none() => break,
                    None => return None,
                    _ => {}
                }
            },
            '"' if starts_token => loop {
                match chars.next() {
                    Some((_, '\\')) => {
                        chars.next();
                    }
                    Some((_, '"')) => break,
                    None => return None,
                    _ => {}
                }
            },
            _ => {}
        }
        prev = c;
    }
    let (at, bracket) = *open.last()?;
    let pos = crate::error::pos_at(text, at);
    (pos.line < error.line).then_some((bracket, pos))
}

/// The byte offset of a 1-based line and (character) column, clamped to `text`.
fn byte_offset(text: &str, pos: Pos) -> Option<usize> {
    let start = match pos.line {
        0 | 1 => 0,
        n => text
            .match_indices('\n')
            .nth(n - 2)
            .map_or(text.len(), |(i, _)| i + 1),
    };
    let column = pos.column.checked_sub(1)?;
    Some(
        text[start..]
            .char_indices()
            .nth(column)
            .map_or(text.len(), |(i, _)| start + i),
    )
}

fn tree_size(node: &Node) -> usize {
    match &node.value {
        Value::Scalar(_) => 1,
        Value::Seq(items) => 1 + items.iter().map(tree_size).sum::<usize>(),
        Value::Map(items) => {
            1 + items
                .iter()
                .map(|(k, v)| tree_size(k) + tree_size(v))
                .sum::<usize>()
        }
    }
}

/// YAML 1.2 core schema resolution of a plain scalar.
fn resolve_plain(text: &str) -> Scalar {
    resolve_typed(text).unwrap_or_else(|| Scalar::Str(text.into()))
}

/// [`resolve_plain`] for a scalar that is not a string; `None` for a string,
/// so a caller can find its text a shared home.
fn resolve_typed(text: &str) -> Option<Scalar> {
    // The first byte tells which of the core schema's forms could match:
    // most keys and values start with a letter none of them starts with.
    let Some(first) = text.as_bytes().first() else {
        return Some(Scalar::Null);
    };
    match first {
        b'~' | b'n' | b'N' => {
            matches!(text, "~" | "null" | "Null" | "NULL").then_some(Scalar::Null)
        }
        b't' | b'T' => matches!(text, "true" | "True" | "TRUE").then_some(Scalar::Bool(true)),
        b'f' | b'F' => matches!(text, "false" | "False" | "FALSE").then_some(Scalar::Bool(false)),
        b'0'..=b'9' | b'-' | b'+' | b'.' => match text {
            ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
                Some(Scalar::Float(f64::INFINITY))
            }
            "-.inf" | "-.Inf" | "-.INF" => Some(Scalar::Float(f64::NEG_INFINITY)),
            ".nan" | ".NaN" | ".NAN" => Some(Scalar::Float(f64::NAN)),
            _ => resolve_number(text),
        },
        // Not `maybe_typed`.
        _ => None,
    }
}

/// Whether a plain scalar starting with byte `b` could be anything but a
/// string (see [`resolve_typed`]).
fn maybe_typed(b: u8) -> bool {
    matches!(
        b,
        b'~' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'0'..=b'9' | b'-' | b'+' | b'.'
    )
}

/// A number (the text starts with a digit, a sign or a dot), or `None`
/// for a string.
fn resolve_number(text: &str) -> Option<Scalar> {
    if let Some(hex) = text.strip_prefix("0x") {
        if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            if let Ok(v) = i64::from_str_radix(hex, 16) {
                return Some(Scalar::Int(v));
            }
        }
    }
    if let Some(oct) = text.strip_prefix("0o") {
        if !oct.is_empty() && oct.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
            if let Ok(v) = i64::from_str_radix(oct, 8) {
                return Some(Scalar::Int(v));
            }
        }
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(v) = text.parse::<i64>() {
            return Some(Scalar::Int(v));
        }
    }
    if is_float(digits) {
        if let Ok(v) = text.parse::<f64>() {
            return Some(Scalar::Float(v));
        }
    }
    None
}

/// `[0-9]*(\.[0-9]*)?([eE][-+]?[0-9]+)?` with at least one digit and a dot or exponent.
fn is_float(t: &str) -> bool {
    let (mantissa, exp) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((a, b)) => (a, Some(b)),
        None => (mantissa, None),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || !frac.is_none_or(digits) || int.len() + frac.map_or(0, str::len) == 0 {
        return false;
    }
    match exp {
        Some(e) => {
            let e = e.strip_prefix(['-', '+']).unwrap_or(e);
            !e.is_empty() && digits(e)
        }
        None => frac.is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<Node, Problem> {
        parse("t.yml", text, &LIMITS)
    }

    #[test]
    fn resolves_scalars_like_yaml_1_2() {
        let n = p("a: 12\nb: '12'\nc: true\nd: 1.5\ne:\nf: x y\ng: 0x1f\nh: 1e3\n").unwrap();
        let m = n.as_map().unwrap();
        let v: Vec<&Value> = m.iter().map(|(_, v)| &v.value).collect();
        assert_eq!(v[0], &Value::Scalar(Scalar::Int(12)));
        assert_eq!(v[1], &Value::Scalar(Scalar::Str("12".into())));
        assert_eq!(v[2], &Value::Scalar(Scalar::Bool(true)));
        assert_eq!(v[3], &Value::Scalar(Scalar::Float(1.5)));
        assert_eq!(v[4], &Value::Scalar(Scalar::Null));
        assert_eq!(v[5], &Value::Scalar(Scalar::Str("x y".into())));
        assert_eq!(v[6], &Value::Scalar(Scalar::Int(31)));
        assert_eq!(v[7], &Value::Scalar(Scalar::Float(1000.0)));
    }

    /// The first-byte dispatch agrees with the core schema's forms tried
    /// one after another (the resolver it replaced), on every short text
    /// over the characters those forms are made of.
    #[test]
    fn plain_scalars_resolve_like_the_plain_rules() {
        fn reference(text: &str) -> Scalar {
            match text {
                "" | "~" | "null" | "Null" | "NULL" => return Scalar::Null,
                "true" | "True" | "TRUE" => return Scalar::Bool(true),
                "false" | "False" | "FALSE" => return Scalar::Bool(false),
                ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
                    return Scalar::Float(f64::INFINITY)
                }
                "-.inf" | "-.Inf" | "-.INF" => return Scalar::Float(f64::NEG_INFINITY),
                ".nan" | ".NaN" | ".NAN" => return Scalar::Float(f64::NAN),
                _ => {}
            }
            if !text.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '-' | '+' | '.')) {
                return Scalar::Str(text.into());
            }
            resolve_number(text).unwrap_or_else(|| Scalar::Str(text.into()))
        }
        let same = |a: &Scalar, b: &Scalar| match (a, b) {
            (Scalar::Float(x), Scalar::Float(y)) => x.to_bits() == y.to_bits(),
            _ => a == b,
        };
        let alphabet = [
            '~', 'n', 'N', 't', 'f', 'F', 'u', 'l', '.', '+', '-', '0', '7', 'x', 'e', 'a', 'é',
        ];
        let mut texts: Vec<String> = [
            "null",
            "Null",
            "NULL",
            "nul",
            "nulls",
            "true",
            "True",
            "TRUE",
            "tRUE",
            "false",
            "False",
            "FALSE",
            "fals",
            ".inf",
            "+.Inf",
            "-.INF",
            ".nan",
            ".NaN",
            "-.nan",
            "0x1f",
            "0o17",
            "-12",
            "+3",
            "1e3",
            "1.5",
            "-cpu",
            "~x",
            "ubuntu",
            "12",
            "9223372036854775808",
        ]
        .map(String::from)
        .to_vec();
        for n in 0..alphabet.len().pow(4) {
            let (mut k, mut t) = (n, String::new());
            while k > 0 {
                t.push(alphabet[k % alphabet.len()]);
                k /= alphabet.len();
            }
            texts.push(t);
        }
        for first in 0u8..128 {
            for rest in ["", "0", "rue", "ull", "alse", ".5", "inf", "x"] {
                texts.push(format!("{}{rest}", char::from(first)));
            }
        }
        for t in &texts {
            assert!(same(&resolve_plain(t), &reference(t)), "{t:?}");
            // A first byte ruled out is only ever a string's.
            if t.as_bytes().first().is_some_and(|&b| !maybe_typed(b)) {
                assert!(matches!(reference(t), Scalar::Str(_)), "{t:?}");
            }
        }
    }

    /// The bit filter never hides a repeated key: every short sequence of
    /// keys, text or typed and alike in length or ends, is judged as a
    /// plain comparison with each earlier key judges it.
    #[test]
    fn repeated_keys_are_found_past_the_bit_filter() {
        let at = Pos { line: 1, column: 1 };
        let node = |s: Scalar| Node {
            value: Value::Scalar(s),
            pos: at,
        };
        let symbols = [
            Scalar::Str("ab".into()),
            Scalar::Str("ba".into()),
            Scalar::Str("a".into()),
            Scalar::Str("1".into()),
            Scalar::Int(1),
            Scalar::Str("true".into()),
            Scalar::Bool(true),
            Scalar::Str("".into()),
            Scalar::Null,
            Scalar::Str("a-b".into()),
        ];
        for n in 0..symbols.len().pow(4) {
            let mut keys = Keys::default();
            let mut earlier: Vec<(Node, Node)> = Vec::new();
            let mut k = n;
            for _ in 0..4 {
                let key = node(symbols[k % symbols.len()].clone());
                k /= symbols.len();
                let plain = earlier.iter().any(|(e, _)| match (&e.value, &key.value) {
                    (Value::Scalar(a), Value::Scalar(b)) => a.same_text(b),
                    _ => false,
                });
                assert_eq!(keys.repeats(&earlier, &key), plain, "{n}");
                if plain {
                    break;
                }
                earlier.push((key, node(Scalar::Null)));
            }
        }
    }

    #[test]
    fn a_nul_is_named_where_it_is() {
        for (text, at) in [
            (
                "include:\n  - {service: \"a\u{0}b\"}\n",
                Pos {
                    line: 2,
                    column: 17,
                },
            ),
            (
                "include:\n  - service: ab\u{0}\n",
                Pos {
                    line: 2,
                    column: 16,
                },
            ),
            ("a: é\u{0}\n", Pos { line: 1, column: 5 }),
        ] {
            let e = p(text).unwrap_err();
            assert_eq!(
                (e.kind, e.line, e.column),
                (ProblemKind::Syntax, at.line, at.column),
                "{text:?}"
            );
            assert!(
                e.message
                    .starts_with("the file holds a NUL character (U+0000)"),
                "{}",
                e.message
            );
        }
        // Without a NUL, other errors stay as they were.
        let e = p("a: [1,\r\n\tb\n").unwrap_err();
        assert!(!e.message.contains("control character"), "{}", e.message);
    }

    #[test]
    fn positions_are_one_based() {
        let n = p("top:\n  - a: 1\n    b: 2\n").unwrap();
        let list = &n.as_map().unwrap()[0].1;
        let item = &list.as_seq().unwrap()[0];
        assert_eq!(item.pos, Pos { line: 2, column: 5 });
        assert_eq!(item.as_map().unwrap()[1].0.pos, Pos { line: 3, column: 5 });
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let e = p("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!((e.kind, e.line, e.column), (ProblemKind::Syntax, 3, 1));
        assert!(e.message.contains("duplicate key `a`"));
    }

    #[test]
    fn tabs_are_syntax_errors_with_position() {
        let e = p("a:\n\tb: 1\n").unwrap_err();
        assert_eq!(e.kind, ProblemKind::Syntax);
        assert_eq!(e.line, 2);
    }

    #[test]
    fn billion_laughs_hits_the_budget() {
        let mut s = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..9 {
            let prev = (b'a' + i) as char;
            let next = (b'a' + i + 1) as char;
            s.push_str(&format!("{next}: &{next} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        let e = p(&s).unwrap_err();
        assert_eq!(e.kind, ProblemKind::Limit);
    }

    #[test]
    fn deep_nesting_hits_the_budget() {
        let s = "[".repeat(10_000) + &"]".repeat(10_000);
        let e = p(&s).unwrap_err();
        assert!(
            matches!(e.kind, ProblemKind::Limit | ProblemKind::Syntax),
            "{e}"
        );
        let s = "- ".repeat(100) + "x";
        let e = p(&s).unwrap_err();
        assert_eq!(e.kind, ProblemKind::Limit, "{e}");
    }

    #[test]
    fn size_limit() {
        let s = "a: b\n".repeat(1_000_000);
        assert_eq!(p(&s).unwrap_err().kind, ProblemKind::Limit);
    }

    #[test]
    fn aliases_expand_within_budget() {
        let n = p("x: &v [1, 2]\ny: *v\n").unwrap();
        let m = n.as_map().unwrap();
        assert_eq!(m[1].1.as_seq().unwrap().len(), 2);
        assert_eq!(m[1].1.pos.line, 2);
    }

    #[test]
    fn custom_tags_are_rejected() {
        assert_eq!(p("a: !custom x\n").unwrap_err().kind, ProblemKind::Syntax);
        assert_eq!(
            p("a: !!str 12\n").unwrap().as_map().unwrap()[0].1.as_str(),
            Some("12")
        );
    }

    #[test]
    fn empty_document_is_null() {
        assert_eq!(p("").unwrap().value, Value::Scalar(Scalar::Null));
        assert!(p("a: 1\n---\nb: 2\n").is_err());
    }

    #[test]
    fn an_unclosed_bracket_is_reported_where_it_opens() {
        for (text, line, column) in [
            ("a: [x, y\nb: 2\nc: 3\n", 1, 4),
            ("a: {x: 1\nb: 2\n", 1, 4),
            ("a:\n  - [1, 2\n  - 3\nz: 1\n", 2, 5),
            ("a: [x, {y: 1}, 'it''s ]'\nb: 1\n", 1, 4),
            ("a: [x, {y: 1\nb: 1\n", 1, 8),
        ] {
            let e = p(text).unwrap_err();
            assert_eq!(
                (e.kind, e.line, e.column),
                (ProblemKind::Syntax, line, column),
                "{text:?}: {}",
                e.message
            );
            assert!(e.message.contains("is never closed"), "{}", e.message);
        }
    }

    #[test]
    fn other_errors_inside_a_closed_flow_keep_their_position() {
        let e = p("a: [x,\n  y]]\n").unwrap_err();
        assert!(!e.message.contains("never closed"), "{}", e.message);
        assert_eq!(e.line, 2);
    }

    #[test]
    fn locating_an_unclosed_bracket_never_panics() {
        // Every short text over brackets, quotes, comments, newlines and a
        // two-byte character, at every position a parser could report.
        let alphabet = ['[', '{', ']', '}', ' ', '\n', 'é', ':', '\'', '"', '#', 'a'];
        let mut text = String::new();
        for n in 0..alphabet.len().pow(4) {
            text.clear();
            let mut k = n;
            for _ in 0..4 {
                text.push(alphabet[k % alphabet.len()]);
                k /= alphabet.len();
            }
            let _ = p(&text);
            for line in 0..4 {
                for column in 0..7 {
                    let _ = unclosed_flow(&text, Pos { line, column });
                }
            }
        }
    }
}
