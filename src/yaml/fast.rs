//! A fast reader for the plain YAML that matrix and config files are written in.
//!
//! saphyr's scanner is general: on LocalAI's 200 KB matrix it is three
//! quarters of a run's instructions, and in a fresh WebAssembly instance its
//! code must be compiled before it does anything. Yet these files use a small
//! part of YAML: block mappings and sequences, one-line plain and quoted
//! scalars, one-line flow collections, comments and a leading `---`.
//!
//! This reader accepts exactly that subset and builds the tree
//! [`super::parse`] would build from saphyr's events, positions included. At
//! the first thing outside the subset — an anchor, a tag, a block scalar, a
//! scalar continued on the next line, a tab, a duplicate key, an odd
//! indentation, anything doubtful — it gives up and returns `None`, and saphyr
//! reads the text instead. So it never reports an error itself: every error
//! and its position still come from one parser. The `yaml` fuzz target and
//! `tests/yaml_reader.rs` hold its trees equal to saphyr's.
//!
//! A matrix's lists of flat mappings can also be read without a tree
//! ([`read_top`]): each entry straight into its fields ([`FlatMap`]), with
//! the same subset and the same rule of giving up. The matrix falls back to
//! the tree whenever it does; the `matrix` fuzz target and
//! `tests/matrix_reader.rs` hold the two reads to the same entries.

use super::{
    maybe_typed, resolve_plain, resolve_typed, tree_size, Keys, Limits, Node, Scalar, Value,
};
use crate::bytes;
use crate::error::Pos;
use crate::hash;
use std::cell::Cell;
use std::collections::HashMap;
use std::rc::Rc;

/// The text is left to the full parser.
struct Unsupported;

type Read<T> = Result<T, Unsupported>;

/// Reads `text` if it is within the subset (see the module doc).
pub(super) fn read(text: &str, limits: &Limits) -> Option<Node> {
    let lines = content_lines(text).ok()?;
    if lines.is_empty() {
        // Blank or comments only, without `---`: saphyr reports no document.
        return (!text.contains("---")).then_some(Node {
            value: Value::Scalar(Scalar::Null),
            pos: Pos { line: 1, column: 1 },
        });
    }
    let mut reader = Reader::new(text, lines, limits);
    let root = reader.block(0).ok()?;
    (reader.at == reader.lines.len()).then_some(root)
}

/// A block mapping of scalars read straight into its fields, as a matrix
/// entry holds them: no tree is built for it.
#[derive(Debug)]
pub struct FlatMap {
    pub pos: Pos,
    /// Keys are text (a typed key is left to the tree).
    pub fields: Vec<(Rc<str>, Scalar)>,
}

/// The value of a top-level key, as the flat read of a matrix gives it.
#[derive(Debug)]
pub enum TopValue {
    /// A block sequence of flat block mappings.
    Maps(Vec<FlatMap>),
    /// Anything else, as [`read`] builds it.
    Node(Node),
}

/// Reads `text` if it is within the subset and is a block mapping at the
/// top: its keys, and each value as [`TopValue`]. A block sequence is read
/// as flat mappings, or not at all: one whose items are anything else (a
/// flow mapping, a nested value, an anchor, a typed key) gives `None`, and
/// the caller reads the text as a tree instead. What it returns equals
/// the tree [`read`] builds, nodes counted the same, so both give up alike.
pub(super) fn read_top(text: &str, limits: &Limits) -> Option<Vec<(Node, TopValue)>> {
    let lines = content_lines(text).ok()?;
    if lines.is_empty() {
        return None;
    }
    let mut reader = Reader::new(text, lines, limits);
    let top = reader.top().ok()?;
    (reader.at == reader.lines.len()).then_some(top)
}

/// A line with content; blank and comment-only lines are not kept.
struct Line {
    /// 1-based, as in positions.
    number: usize,
    /// Byte offset of the line's first character.
    start: usize,
    /// Leading spaces.
    indent: usize,
    /// Byte offset of the line break (or the text's end).
    end: usize,
    /// Whether every character is ASCII, so columns are byte offsets.
    ascii: bool,
}

/// Splits the text into content lines, giving up on characters and lines
/// the subset leaves to saphyr: control characters, tabs, carriage returns,
/// Unicode line separators, byte order marks, directives, and any document
/// marker but a single `---` before the content.
fn content_lines(text: &str) -> Read<Vec<Line>> {
    let bytes = text.as_bytes();
    let mut lines = Vec::with_capacity(bytes.len() / 24);
    let mut start = 0;
    let mut number = 0;
    let mut marker_seen = false;
    while start < bytes.len() {
        number += 1;
        // One scan finds the line's end and whether all before it is
        // printable ASCII, the common case; any other line is looked at again.
        let stop = unprintable(bytes, start);
        let ascii = stop == bytes.len() || bytes[stop] == b'\n';
        let end = if ascii {
            stop
        } else {
            memchr::memchr(b'\n', &bytes[stop..]).map_or(bytes.len(), |i| stop + i)
        };
        if !ascii
            && (bytes[start..end].iter().any(|&b| b < 0x20 || b == 0x7f)
                || !text[start..end].chars().all(printable))
        {
            return Err(Unsupported);
        }
        let mut indent = 0;
        while start + indent < end && bytes[start + indent] == b' ' {
            indent += 1;
        }
        let first = start + indent;
        let line = &bytes[first..end];
        let is_marker = |m: &[u8]| line.starts_with(m) && (line.len() == 3 || line[3] == b' ');
        // Only a line starting with `-`, `.` or `%` needs a second look.
        let unusual = indent == 0 && matches!(line.first(), Some(b'-' | b'.' | b'%'));
        if unusual && line[0] == b'%' {
            return Err(Unsupported);
        }
        if unusual && is_marker(b"---") {
            // Only `---` alone (or with a comment) before any content.
            let rest = trim_start(&line[3..]);
            if marker_seen || !lines.is_empty() || !(rest.is_empty() || rest[0] == b'#') {
                return Err(Unsupported);
            }
            marker_seen = true;
        } else if unusual && is_marker(b"...") {
            return Err(Unsupported);
        } else if !(line.is_empty() || line[0] == b'#') {
            lines.push(Line {
                number,
                start,
                indent,
                end,
                ascii,
            });
        }
        start = end + 1;
    }
    if marker_seen && lines.is_empty() {
        // An explicit empty document: saphyr's empty scalar, left to it.
        return Err(Unsupported);
    }
    Ok(lines)
}

/// The offset of the first byte from `from` on that is not printable ASCII
/// (a line feed is one), or the text's length: eight bytes at a time, then
/// byte by byte in the word that holds it.
fn unprintable(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(word) = bytes.get(i..i + 8) {
        let mut x = [0u8; 8];
        x.copy_from_slice(word);
        if not_printable(u64::from_le_bytes(x)) {
            break;
        }
        i += 8;
    }
    while i < bytes.len() && bytes[i].wrapping_sub(0x20) < 0x5f {
        i += 1;
    }
    i
}

/// Some byte of `word` is not printable ASCII.
fn not_printable(word: u64) -> bool {
    bytes::has_high(word) || bytes::has_below(word, 0x20) || bytes::has_byte(word, 0x7f)
}

/// Characters saphyr reads like any other: not C1 controls, byte order
/// marks, non-characters or Unicode's line and paragraph separators.
fn printable(c: char) -> bool {
    !matches!(
        c,
        '\u{80}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
    )
}

fn trim_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|&&c| c == b' ').count();
    &b[n..]
}

/// YAML's indicator characters: a plain scalar may not start with one.
fn indicator(b: u8) -> bool {
    matches!(
        b,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    )
}

/// Longest implicit key YAML allows is 1,024 characters from its start to
/// its colon; longer ones (in bytes, with a margin) are left to saphyr.
const MAX_KEY: usize = 1000;

/// How the latest text at a place was written (see [`Reader::written`]).
const UNKNOWN: u8 = 0;
const PLAIN: u8 = 1;

/// Places (a key or a value of a block mapping entry) whose texts are kept
/// for the next mapping to share.
const SHARED_PLACES: usize = 128;

struct Reader<'t> {
    text: &'t str,
    bytes: &'t [u8],
    lines: Vec<Line>,
    /// The current line (an index into `lines`).
    at: usize,
    nodes: usize,
    aliases: usize,
    /// Anchored nodes by name; a later anchor of the same name replaces one.
    anchors: HashMap<&'t str, Node>,
    /// Anchors whose node is still being read. saphyr ties an alias to the
    /// latest anchor *declared* under its name, which may be one of these
    /// (unfinished, an error) or nested in one; both are left to saphyr.
    building: Vec<&'t str>,
    /// Keys in the last block mapping read (at most 64): the next one's
    /// first guess, bounded so one huge mapping cannot inflate the rest.
    keys_hint: usize,
    /// The two latest distinct texts at each place of the block mappings
    /// read last (key and value of each entry, for the first
    /// [`SHARED_PLACES`] places; at `2 * place`, then `2 * place + 1`): a
    /// matrix's entries write their keys in one order and repeat many
    /// values, often alternating two (`amd64`, `arm64`), so a text equal to
    /// one at its place is shared instead of allocated again.
    shared: Vec<Rc<str>>,
    /// Every text [`Reader::share`] did not find at its place, once: a
    /// matrix repeats a value in entries far apart (a backend's name in
    /// each of its builds), which then still hold one allocation.
    texts: hash::Map<&'t str, Rc<str>>,
    /// For each place of [`Reader::shared`], how its latest text was
    /// written: [`PLAIN`], between the quote character it holds, or
    /// [`UNKNOWN`]. A plain or unescaped quoted scalar's text alone decides
    /// how it reads (a plain one without its line's end would read longer,
    /// a quoted one cannot hold its quote), so the same bytes written the
    /// same way and ending their line are that text again.
    written: Vec<u8>,
    /// For each key place of [`Reader::shared`]: whether its latest text
    /// was a plain key with neither a space nor a colon in it, so the same
    /// bytes before `: ` on a line are that key again, read without a scan.
    plain_keys: Vec<bool>,
    /// The last column counted on a non-ASCII line: (line index, byte
    /// offset, characters before it).
    column_mark: Cell<(usize, usize, usize)>,
    limits: &'t Limits,
}

impl<'t> Reader<'t> {
    fn new(text: &'t str, lines: Vec<Line>, limits: &'t Limits) -> Reader<'t> {
        Reader {
            text,
            bytes: text.as_bytes(),
            lines,
            at: 0,
            nodes: 0,
            aliases: 0,
            anchors: HashMap::new(),
            building: Vec::new(),
            keys_hint: 0,
            shared: Vec::new(),
            plain_keys: Vec::new(),
            written: Vec::new(),
            texts: hash::Map::default(),
            column_mark: Cell::new((usize::MAX, 0, 0)),
            limits,
        }
    }

    fn line(&self) -> &Line {
        &self.lines[self.at]
    }

    fn next_line(&self) -> Option<&Line> {
        self.lines.get(self.at)
    }

    /// The text from `from` to `to` without trailing spaces.
    fn trimmed(&self, from: usize, to: usize) -> &'t str {
        let text: &'t str = self.text;
        &text[from..self.trim_end(from, to)]
    }

    /// Where the text from `from` to `to` ends without trailing spaces.
    fn trim_end(&self, from: usize, mut to: usize) -> usize {
        while to > from && self.bytes[to - 1] == b' ' {
            to -= 1;
        }
        to
    }

    /// The position of a byte offset on the current line. Asked left to
    /// right along a line, so a non-ASCII line is counted once (see below).
    fn pos(&self, off: usize) -> Pos {
        let line = self.line();
        let column = if line.ascii {
            off - line.start
        } else {
            // Characters are counted on from the last position asked on
            // this line (positions come left to right), so a long line of
            // many non-ASCII items costs linear time, not quadratic.
            let (at, from, chars) = match self.column_mark.get() {
                (at, from, chars) if at == self.at && from <= off => (at, from, chars),
                _ => (self.at, line.start, 0),
            };
            let column = chars + self.text[from..off].chars().count();
            self.column_mark.set((at, off, column));
            column
        };
        Pos {
            line: line.number,
            column: column + 1,
        }
    }

    /// A string scalar written from `from` to `to` at `place` (see
    /// [`Reader::shared`]), sharing a text the previous mappings held there
    /// when it is the same. Bytes are compared: the text is sliced (and its
    /// bounds checked) only when it is new.
    fn share(&mut self, place: usize, from: usize, to: usize, form: u8) -> Scalar {
        let text = &self.bytes[from..to];
        let at = 2 * place;
        if let Some(known) = self.shared.get(at..at + 2) {
            if known[0].as_bytes() == text {
                self.written[place] = form;
                return Scalar::Str(known[0].clone());
            }
            if known[1].as_bytes() == text {
                // The latest first: entries that alternate two values.
                self.shared.swap(at, at + 1);
                self.written[place] = form;
                return Scalar::Str(self.shared[at].clone());
            }
        }
        let text: &'t str = self.text;
        let new = self
            .texts
            .entry(&text[from..to])
            .or_insert_with_key(|&t| Rc::from(t))
            .clone();
        if place < SHARED_PLACES {
            if at + 2 > self.shared.len() {
                self.shared.resize(at + 2, Rc::from(""));
                self.written.resize(place + 1, UNKNOWN);
            }
            self.written[place] = form;
            self.shared.swap(at, at + 1);
            self.shared[at] = new.clone();
        }
        Scalar::Str(new)
    }

    /// The value of a plain scalar written from `from` to `to` at `place`,
    /// its text shared as [`Reader::share`] does.
    fn plain_at(&mut self, place: usize, from: usize, to: usize) -> Scalar {
        match self.bytes[from..to].first() {
            Some(&b) if !maybe_typed(b) => self.share(place, from, to, PLAIN),
            _ => resolve_typed(&self.text[from..to])
                .unwrap_or_else(|| self.share(place, from, to, PLAIN)),
        }
    }

    /// The scalar at `off` if it is written exactly as the latest text at
    /// `place` was (the same bytes, quoted alike) and ends its line: that
    /// text again, found without a scan (see [`Reader::written`]).
    fn again(&self, off: usize, end: usize, place: usize) -> Option<(Scalar, usize)> {
        let form = *self.written.get(place)?;
        let b = self.bytes;
        let known = &self.shared[2 * place];
        let quotes = match form {
            UNKNOWN => return None,
            PLAIN => 0,
            _ => 1,
        };
        let from = off + quotes;
        let to = from + known.len();
        let after = to + quotes;
        if after > end || (quotes == 1 && (b[off] != form || b[to] != form)) {
            return None;
        }
        if &b[from..to] != known.as_bytes() || self.end_line(after).is_err() {
            return None;
        }
        Some((Scalar::Str(known.clone()), after))
    }

    /// Records whether the key text now first at `place` (see
    /// [`Reader::plain_keys`]) reads as itself when written plain.
    fn plain_key(&mut self, place: usize, plain: bool) {
        if place < SHARED_PLACES {
            if place >= self.plain_keys.len() {
                self.plain_keys.resize(place + 1, false);
            }
            self.plain_keys[place] = plain;
        }
    }

    /// A quoted scalar's value, at `place` if it is a mapping's key or value.
    fn quoted_at(&mut self, text: Quoted, place: Option<usize>) -> Scalar {
        match (text, place) {
            (Quoted::At(from, to), Some(place)) => {
                let quote = self.bytes[from - 1];
                self.share(place, from, to, quote)
            }
            (Quoted::At(from, to), None) => Scalar::Str(self.text[from..to].into()),
            (Quoted::Unescaped(text), _) => Scalar::Str(text.into()),
        }
    }

    /// One more node against the budget; past it, saphyr's path reports it.
    fn count(&mut self, n: usize) -> Read<()> {
        self.nodes += n;
        if self.nodes > self.limits.max_nodes {
            return Err(Unsupported);
        }
        Ok(())
    }

    /// A container may open at `depth` (the containers around it).
    fn open(&self, depth: usize) -> Read<()> {
        if depth >= self.limits.max_depth {
            return Err(Unsupported);
        }
        Ok(())
    }

    /// Whether the byte at `off` is a `-` entry marker on the current line.
    fn dash(&self, off: usize, end: usize) -> bool {
        self.bytes[off] == b'-' && (off + 1 == end || self.bytes[off + 1] == b' ')
    }

    fn skip_spaces(&self, mut off: usize, end: usize) -> usize {
        while off < end && self.bytes[off] == b' ' {
            off += 1;
        }
        off
    }

    /// The block collection starting on the current line, at its indentation.
    fn block(&mut self, depth: usize) -> Read<Node> {
        let line = self.line();
        let (first, indent, end) = (line.start + line.indent, line.indent, line.end);
        if self.dash(first, end) {
            self.sequence(indent, depth, false)
        } else {
            self.mapping(first, indent, depth, None)
        }
    }

    /// The current line as an item of a block sequence whose `-` markers
    /// are at column `indent`: the offsets of its dash and of its content.
    /// An empty item, or a sequence in a sequence, is left to saphyr.
    fn item(&self, indent: usize) -> Read<(usize, usize)> {
        let line = self.line();
        let (dash, end) = (line.start + indent, line.end);
        let content = self.skip_spaces(dash + 1, end);
        if content == end || self.bytes[content] == b'#' || self.dash(content, end) {
            return Err(Unsupported);
        }
        Ok((dash, content))
    }

    /// Whether the next line is another item of a block sequence whose `-`
    /// markers are at column `indent`; a line after an item that is indented
    /// deeper than its dash is left to saphyr.
    fn another_item(&self, indent: usize) -> Read<bool> {
        match self.next_line() {
            Some(l) if l.indent == indent && self.dash(l.start + indent, l.end) => Ok(true),
            Some(l) if l.indent > indent => Err(Unsupported),
            _ => Ok(false),
        }
    }

    /// A block sequence whose `-` markers are at column `indent`. An
    /// indentless one (the value of a key at the same column) starts, in
    /// saphyr's events, where its first item starts.
    fn sequence(&mut self, indent: usize, depth: usize, indentless: bool) -> Read<Node> {
        self.open(depth)?;
        let mut items = Vec::new();
        let mut pos = None;
        loop {
            let (dash, content) = self.item(indent)?;
            let dash_pos = self.pos(dash);
            let item = match self.entry_key(content, 0)? {
                Some(key) => {
                    let indent = content - self.line().start;
                    self.mapping(content, indent, depth + 1, Some(key))?
                }
                None => {
                    let (node, after) = self.inline(content, depth + 1, None)?;
                    self.end_line(after)?;
                    self.at += 1;
                    node
                }
            };
            pos.get_or_insert(if indentless { item.pos } else { dash_pos });
            items.push(item);
            if !self.another_item(indent)? {
                break;
            }
        }
        self.count(1)?;
        Ok(Node {
            value: Value::Seq(items),
            pos: pos.unwrap_or(Pos { line: 1, column: 1 }),
        })
    }

    /// A block mapping whose keys are at column `indent`; the first key
    /// starts at byte `first` of the current line (after a `- `, perhaps),
    /// and may have been read already.
    fn mapping(
        &mut self,
        first: usize,
        indent: usize,
        depth: usize,
        mut read: Option<(Node, usize)>,
    ) -> Read<Node> {
        self.open(depth)?;
        let pos = self.pos(first);
        // Sibling mappings (a matrix's entries) tend to have as many keys.
        let mut items: Vec<(Node, Node)> = Vec::with_capacity(self.keys_hint);
        let mut keys = Keys::default();
        let mut key_at = first;
        loop {
            let Some((key, colon)) = (match read.take() {
                Some(key) => Some(key),
                None => self.entry_key(key_at, 2 * items.len())?,
            }) else {
                return Err(Unsupported);
            };
            self.count(1)?;
            let end = self.line().end;
            let value_at = self.skip_spaces(colon + 1, end);
            let value = if let Some((name, pos)) = self.anchor_alone(value_at)? {
                // `key: &name` and the anchored collection below.
                self.declare(name)?;
                let mut node = self.below(indent, depth + 1)?.ok_or(Unsupported)?;
                node.pos = pos;
                self.keep(name, &node)?;
                node
            } else if value_at == end || self.bytes[value_at] == b'#' {
                // Nothing after the colon: a nested block, an indentless
                // sequence, or null (placed at the colon, as saphyr does).
                let colon_pos = self.pos(colon);
                match self.below(indent, depth + 1)? {
                    Some(node) => node,
                    None => {
                        self.count(1)?;
                        node_of(Value::Scalar(Scalar::Null), colon_pos)
                    }
                }
            } else {
                let place = 2 * items.len() + 1;
                let (node, after) = self.inline(value_at, depth + 1, Some(place))?;
                self.end_line(after)?;
                self.at += 1;
                node
            };
            if keys.repeats(&items, &key) {
                return Err(Unsupported);
            }
            items.push((key, value));
            match self.next_line() {
                Some(l) if l.indent == indent && !self.dash(l.start + indent, l.end) => {
                    key_at = l.start + indent;
                }
                Some(l) if l.indent >= indent => return Err(Unsupported),
                _ => break,
            }
        }
        self.count(1)?;
        self.keys_hint = items.len().min(64);
        Ok(Node {
            value: Value::Map(items),
            pos,
        })
    }

    /// The top-level block mapping, for [`read_top`]: as [`Reader::mapping`]
    /// reads it at column 0, but a value that is a block sequence is read
    /// by [`Reader::maps`].
    fn top(&mut self) -> Read<Vec<(Node, TopValue)>> {
        let line = self.line();
        let (first, end) = (line.start, line.end);
        if line.indent != 0 || self.dash(first, end) {
            return Err(Unsupported);
        }
        self.open(0)?;
        // Keys with a stand-in value, for `Keys::repeats`.
        let mut keys_read: Vec<(Node, Node)> = Vec::new();
        let mut values = Vec::new();
        let mut keys = Keys::default();
        let mut key_at = first;
        loop {
            let (key, colon) = self
                .entry_key(key_at, 2 * keys_read.len())?
                .ok_or(Unsupported)?;
            self.count(1)?;
            let end = self.line().end;
            let value_at = self.skip_spaces(colon + 1, end);
            let value = if value_at == end || self.bytes[value_at] == b'#' {
                let colon_pos = self.pos(colon);
                self.at += 1;
                match self.next_line() {
                    Some(l) if self.dash(l.start + l.indent, l.end) => {
                        let indent = l.indent;
                        TopValue::Maps(self.maps(indent, 1)?)
                    }
                    Some(l) if l.indent > 0 => TopValue::Node(self.block(1)?),
                    _ => {
                        self.count(1)?;
                        TopValue::Node(node_of(Value::Scalar(Scalar::Null), colon_pos))
                    }
                }
            } else if self.bytes[value_at] == b'&' {
                return Err(Unsupported);
            } else {
                let place = 2 * keys_read.len() + 1;
                let (node, after) = self.inline(value_at, 1, Some(place))?;
                self.end_line(after)?;
                self.at += 1;
                TopValue::Node(node)
            };
            if keys.repeats(&keys_read, &key) {
                return Err(Unsupported);
            }
            let stand_in = node_of(Value::Scalar(Scalar::Null), key.pos);
            keys_read.push((key, stand_in));
            values.push(value);
            match self.next_line() {
                Some(l) if l.indent == 0 && !self.dash(l.start, l.end) => key_at = l.start,
                Some(_) => return Err(Unsupported),
                None => break,
            }
        }
        self.count(1)?;
        Ok(keys_read.into_iter().map(|(k, _)| k).zip(values).collect())
    }

    /// A block sequence at column `indent` (see [`Reader::sequence`]) whose
    /// items are all flat block mappings.
    fn maps(&mut self, indent: usize, depth: usize) -> Read<Vec<FlatMap>> {
        self.open(depth)?;
        let mut maps = Vec::new();
        loop {
            let (_, content) = self.item(indent)?;
            if self.bytes[content] == b'{' {
                // `- {k: v, ...}`: few and short, read as a tree and flattened.
                let (node, after) = self.inline(content, depth + 1, None)?;
                self.end_line(after)?;
                self.at += 1;
                maps.push(flatten(node)?);
            } else {
                let key = self.key_at(content, 0)?.ok_or(Unsupported)?;
                let keys_indent = content - self.line().start;
                maps.push(self.flat_map(content, keys_indent, depth + 1, key)?);
            }
            if !self.another_item(indent)? {
                break;
            }
        }
        self.count(1)?;
        Ok(maps)
    }

    /// A block mapping of scalars whose keys are at column `indent`, its
    /// first key (at byte `first`) read already: as [`Reader::mapping`]
    /// reads it, without a node for each key and value.
    fn flat_map(
        &mut self,
        first: usize,
        indent: usize,
        depth: usize,
        (mut key, mut colon): (Scalar, usize),
    ) -> Read<FlatMap> {
        self.open(depth)?;
        let pos = self.pos(first);
        let mut fields: Vec<(Rc<str>, Scalar)> = Vec::with_capacity(self.keys_hint);
        let mut keys = Keys::default();
        loop {
            let Scalar::Str(name) = key else {
                return Err(Unsupported);
            };
            self.count(1)?;
            let end = self.line().end;
            // Nearly always `key: value`, one space.
            let value_at = match self.bytes.get(colon + 1..colon + 3) {
                Some([b' ', c]) if *c != b' ' && colon + 2 < end => colon + 2,
                _ => self.skip_spaces(colon + 1, end),
            };
            let value = if value_at == end || self.bytes[value_at] == b'#' {
                // Null, unless a nested value follows (an error, the tree's).
                if self.below(indent, depth + 1)?.is_some() {
                    return Err(Unsupported);
                }
                self.count(1)?;
                Scalar::Null
            } else if matches!(self.bytes[value_at], b'&' | b'*' | b'[' | b'{') {
                return Err(Unsupported);
            } else {
                let place = 2 * fields.len() + 1;
                let scalar = match self.again(value_at, end, place) {
                    Some((scalar, _)) => {
                        self.count(1)?;
                        scalar
                    }
                    None => {
                        let (scalar, after) = self.scalar(value_at, end, Some(place))?;
                        self.end_line(after)?;
                        scalar
                    }
                };
                self.at += 1;
                scalar
            };
            if keys.repeats_text(&fields, &name) {
                return Err(Unsupported);
            }
            fields.push((name, value));
            let key_at = match self.next_line() {
                Some(l) if l.indent == indent && !self.dash(l.start + indent, l.end) => {
                    l.start + indent
                }
                Some(l) if l.indent >= indent => return Err(Unsupported),
                _ => break,
            };
            (key, colon) = self.key_at(key_at, 2 * fields.len())?.ok_or(Unsupported)?;
        }
        self.count(1)?;
        self.keys_hint = fields.len().min(64);
        Ok(FlatMap { pos, fields })
    }

    /// The collection on the lines below a key at column `indent` whose line
    /// ends after its colon: a block more indented, or an indentless
    /// sequence; `None` when neither follows.
    fn below(&mut self, indent: usize, depth: usize) -> Read<Option<Node>> {
        self.at += 1;
        match self.next_line() {
            Some(l) if l.indent > indent => self.block(depth).map(Some),
            Some(l) if l.indent == indent && self.dash(l.start + indent, l.end) => {
                self.sequence(indent, depth, true).map(Some)
            }
            _ => Ok(None),
        }
    }

    /// The key of a `key: value` entry starting at `off`, and the offset of
    /// its colon; `None` when the text there is not a mapping entry. `place`
    /// is where its text may be shared (see [`Reader::shared`]).
    fn entry_key(&mut self, off: usize, place: usize) -> Read<Option<(Node, usize)>> {
        let Some((scalar, colon)) = self.key_at(off, place)? else {
            return Ok(None);
        };
        let node = Node {
            value: Value::Scalar(scalar),
            pos: self.pos(off),
        };
        Ok(Some((node, colon)))
    }

    /// [`Reader::entry_key`] without the key's position, which only a tree
    /// keeps.
    fn key_at(&mut self, off: usize, place: usize) -> Read<Option<(Scalar, usize)>> {
        let end = self.line().end;
        let b = self.bytes;
        if self.plain_keys.get(place) == Some(&true) {
            // The key the previous mapping had here, written alike: read
            // as it was, without a scan.
            let known = &self.shared[2 * place];
            let colon = off + known.len();
            if colon < end
                && b[colon] == b':'
                && (colon + 1 == end || b[colon + 1] == b' ')
                && &b[off..colon] == known.as_bytes()
            {
                return Ok(Some((Scalar::Str(known.clone()), colon)));
            }
        }
        let (scalar, colon) = match b[off] {
            b'"' | b'\'' => {
                let (text, after) = self.quoted(off, end)?;
                if after < end && b[after] == b':' {
                    self.plain_key(place, false);
                    (self.quoted_at(text, Some(place)), after)
                } else {
                    return Ok(None);
                }
            }
            b'[' | b'{' | b'&' | b'*' => return Ok(None),
            c if !plain_start(c, b.get(off + 1)) => return Err(Unsupported),
            _ => match self.plain_end(off, end)? {
                Plain::Colon(i) => {
                    let scalar = self.plain_at(place, off, self.trim_end(off, i));
                    if let Scalar::Str(_) = scalar {
                        // Nothing but the key's own bytes before its colon.
                        let alone = memchr::memchr2(b':', b' ', &b[off..i]).is_none();
                        self.plain_key(place, alone);
                    }
                    (scalar, i)
                }
                Plain::End(_) | Plain::Comment(_) => return Ok(None),
            },
        };
        if !(colon + 1 == end || b[colon + 1] == b' ') || colon - off > MAX_KEY {
            return Err(Unsupported);
        }
        Ok(Some((scalar, colon)))
    }

    /// Where a block plain scalar starting at `off` (not at a space) ends:
    /// at a `:` before a space or the line's end, at a ` #` comment, or at
    /// the line's end. An indicator after a space may start a token: left
    /// to saphyr. Only colons and spaces need a look, so they are found
    /// with `memchr`.
    fn plain_end(&self, off: usize, end: usize) -> Read<Plain> {
        let b = self.bytes;
        let colon_at = |i: usize| i + 1 == end || b[i + 1] == b' ';
        let mut i = off;
        loop {
            let Some(n) = memchr::memchr2(b':', b' ', &b[i..end]) else {
                return Ok(Plain::End(end));
            };
            i += n;
            if b[i] == b':' {
                if colon_at(i) {
                    return Ok(Plain::Colon(i));
                }
                i += 1;
                continue;
            }
            // A space: the byte after it may start a token.
            i += 1;
            match b.get(i).filter(|_| i < end) {
                Some(b':') if colon_at(i) => return Ok(Plain::Colon(i)),
                Some(b'#') => return Ok(Plain::Comment(i)),
                Some(&c) if indicator(c) => return Err(Unsupported),
                _ => {}
            }
        }
    }

    /// The rest of the line after a node: spaces, then nothing or a comment.
    fn end_line(&self, after: usize) -> Read<()> {
        let end = self.line().end;
        let rest = self.skip_spaces(after, end);
        if rest == end || (self.bytes[rest] == b'#' && rest > after) {
            Ok(())
        } else {
            Err(Unsupported)
        }
    }

    /// A node written on one line at `off` (a value or a sequence item), and
    /// the offset just after it; a mapping's value gives the `place` where
    /// a string's text may be shared (see [`Reader::shared`]).
    fn inline(&mut self, off: usize, depth: usize, place: Option<usize>) -> Read<(Node, usize)> {
        let end = self.line().end;
        match self.bytes[off] {
            b'&' | b'*' => self.anchor_or_alias(off, end, depth, false),
            b'[' | b'{' => self.flow(off, end, depth),
            _ => {
                let (scalar, after) = self.scalar(off, end, place)?;
                let node = Node {
                    value: Value::Scalar(scalar),
                    pos: self.pos(off),
                };
                Ok((node, after))
            }
        }
    }

    /// A quoted or plain scalar written on one line at `off` (not an
    /// anchor, alias or flow collection), and the offset just after it.
    fn scalar(&mut self, off: usize, end: usize, place: Option<usize>) -> Read<(Scalar, usize)> {
        match self.bytes[off] {
            b'"' | b'\'' => {
                let (text, after) = self.quoted(off, end)?;
                self.count(1)?;
                Ok((self.quoted_at(text, place), after))
            }
            c if !plain_start(c, self.bytes.get(off + 1)) => Err(Unsupported),
            _ => {
                // To the end of the line or a comment; a `: ` inside would
                // make it a key (an error here), left to saphyr.
                let i = match self.plain_end(off, end)? {
                    Plain::End(i) | Plain::Comment(i) => i,
                    Plain::Colon(_) => return Err(Unsupported),
                };
                let to = self.trim_end(off, i);
                self.count(1)?;
                let scalar = match place {
                    Some(place) => self.plain_at(place, off, to),
                    None => resolve_plain(&self.text[off..to]),
                };
                Ok((scalar, to))
            }
        }
    }

    /// A one-line flow collection or scalar inside one, at `off`.
    fn flow(&mut self, off: usize, end: usize, depth: usize) -> Read<(Node, usize)> {
        let b = self.bytes;
        if off >= end {
            return Err(Unsupported);
        }
        match b[off] {
            b'&' | b'*' => self.anchor_or_alias(off, end, depth, true),
            b'[' => {
                self.open(depth)?;
                let pos = self.pos(off);
                let mut items = Vec::new();
                let mut next = self.flow_first(off, end, b']');
                let after = loop {
                    let i = match next {
                        Flow::Item(i) => i,
                        Flow::Closed(after) => break after,
                    };
                    let (item, after) = self.flow(i, end, depth + 1)?;
                    items.push(item);
                    next = self.flow_next(after, end, b']')?;
                };
                self.count(1)?;
                Ok((node_of(Value::Seq(items), pos), after))
            }
            b'{' => {
                self.open(depth)?;
                let pos = self.pos(off);
                let mut items: Vec<(Node, Node)> = Vec::new();
                let mut keys = Keys::default();
                let mut next = self.flow_first(off, end, b'}');
                let after = loop {
                    let i = match next {
                        Flow::Item(i) => i,
                        Flow::Closed(after) => break after,
                    };
                    // Only scalars as keys: a collection, or an alias to one,
                    // is an error saphyr reports.
                    if i == end || matches!(b[i], b'[' | b'{' | b'&' | b'*') {
                        return Err(Unsupported);
                    }
                    let (key, after) = self.flow(i, end, depth + 1)?;
                    if after - i > MAX_KEY {
                        return Err(Unsupported);
                    }
                    if !(after + 1 < end && b[after] == b':' && b[after + 1] == b' ') {
                        return Err(Unsupported);
                    }
                    let v = self.skip_spaces(after + 1, end);
                    if v == end {
                        return Err(Unsupported);
                    }
                    let (value, after) = self.flow(v, end, depth + 1)?;
                    if keys.repeats(&items, &key) {
                        return Err(Unsupported);
                    }
                    items.push((key, value));
                    next = self.flow_next(after, end, b'}')?;
                };
                self.count(1)?;
                Ok((node_of(Value::Map(items), pos), after))
            }
            b'"' | b'\'' => {
                let (text, after) = self.quoted(off, end)?;
                self.count(1)?;
                let scalar = self.quoted_at(text, None);
                Ok((node_of(Value::Scalar(scalar), self.pos(off)), after))
            }
            c if !plain_start(c, b.get(off + 1)) => Err(Unsupported),
            _ => {
                // A plain scalar in a flow ends at a flow indicator or a
                // colon; a `#` or the line's end inside one is left to saphyr.
                let mut i = off;
                while i < end && !matches!(b[i], b',' | b'[' | b']' | b'{' | b'}' | b':') {
                    if b[i] == b'#' || (i > off && b[i - 1] == b' ' && indicator(b[i])) {
                        return Err(Unsupported);
                    }
                    i += 1;
                }
                if i == end {
                    return Err(Unsupported);
                }
                let text = self.trimmed(off, i);
                self.count(1)?;
                let node = node_of(Value::Scalar(resolve_plain(text)), self.pos(off));
                Ok((node, off + text.len()))
            }
        }
    }

    /// An anchor name (letters, digits, `-`, `_`) starting at `off`, and
    /// the offset after it. Other names are left to saphyr.
    fn name(&self, off: usize, end: usize) -> Read<(&'t str, usize)> {
        let text: &'t str = self.text;
        let mut i = off;
        while i < end
            && (self.bytes[i].is_ascii_alphanumeric() || matches!(self.bytes[i], b'-' | b'_'))
        {
            i += 1;
        }
        if i == off {
            return Err(Unsupported);
        }
        Ok((&text[off..i], i))
    }

    /// An anchor's node is finished: a copy is kept for its aliases, and
    /// counted against the budget as saphyr's builder counts it.
    fn keep(&mut self, name: &'t str, node: &Node) -> Read<()> {
        self.building.pop();
        self.count(tree_size(node))?;
        self.anchors.insert(name, node.clone());
        Ok(())
    }

    /// An anchor's node begins; one of the same name must not be unfinished.
    fn declare(&mut self, name: &'t str) -> Read<()> {
        if self.building.contains(&name) {
            return Err(Unsupported);
        }
        self.building.push(name);
        Ok(())
    }

    /// `&name` with nothing after it on the line (its node is below): the
    /// name and the anchor's position, which is the node's.
    fn anchor_alone(&self, off: usize) -> Read<Option<(&'t str, Pos)>> {
        let end = self.line().end;
        if off == end || self.bytes[off] != b'&' {
            return Ok(None);
        }
        let (name, after) = self.name(off + 1, end)?;
        let rest = self.skip_spaces(after, end);
        if rest == end || (self.bytes[rest] == b'#' && rest > after) {
            Ok(Some((name, self.pos(off))))
        } else {
            Ok(None)
        }
    }

    /// `&name node` or `*name` on one line, in a flow or not. An anchored
    /// node starts at its `&`; an alias is a copy of the anchored node,
    /// placed at its `*` and counted node by node, as saphyr's builder does.
    fn anchor_or_alias(
        &mut self,
        off: usize,
        end: usize,
        depth: usize,
        flow: bool,
    ) -> Read<(Node, usize)> {
        let (name, after) = self.name(off + 1, end)?;
        let next = self.bytes.get(after).filter(|_| after < end).copied();
        if self.bytes[off] == b'*' {
            let ends = matches!(next, None | Some(b' '))
                || (flow && matches!(next, Some(b',' | b']' | b'}')));
            if !ends {
                return Err(Unsupported);
            }
            self.aliases += 1;
            if self.aliases > self.limits.max_aliases {
                return Err(Unsupported);
            }
            if self.building.contains(&name) {
                return Err(Unsupported);
            }
            let mut node = self.anchors.get(name).ok_or(Unsupported)?.clone();
            node.pos = self.pos(off);
            self.count(tree_size(&node) + 1)?;
            return Ok((node, after));
        }
        if next != Some(b' ') {
            return Err(Unsupported);
        }
        let at = self.skip_spaces(after, end);
        if at == end || matches!(self.bytes[at], b'#' | b'&' | b'*' | b',' | b']' | b'}') {
            return Err(Unsupported);
        }
        // Positions are asked left to right (see `pos`): the anchor's first.
        let pos = self.pos(off);
        self.declare(name)?;
        let (mut node, after) = if flow {
            self.flow(at, end, depth)?
        } else {
            self.inline(at, depth, None)?
        };
        node.pos = pos;
        self.keep(name, &node)?;
        Ok((node, after))
    }

    /// Where a flow collection opened at `off` goes on: its first item, or
    /// past its `close` when it is empty.
    fn flow_first(&self, off: usize, end: usize, close: u8) -> Flow {
        let i = self.skip_spaces(off + 1, end);
        if i < end && self.bytes[i] == close {
            Flow::Closed(i + 1)
        } else {
            Flow::Item(i)
        }
    }

    /// Where a flow collection goes on after an item ending at `after`: the
    /// next item after a `,`, or past its `close`. A trailing comma, or
    /// anything else there, is left to saphyr.
    fn flow_next(&self, after: usize, end: usize, close: u8) -> Read<Flow> {
        let j = self.skip_spaces(after, end);
        if j < end && self.bytes[j] == close {
            return Ok(Flow::Closed(j + 1));
        }
        if j == end || self.bytes[j] != b',' {
            return Err(Unsupported);
        }
        let i = self.skip_spaces(j + 1, end);
        if i == end || self.bytes[i] == close {
            return Err(Unsupported);
        }
        Ok(Flow::Item(i))
    }

    /// A quoted scalar closed on the same line: its text and the offset
    /// after the closing quote. Double-quoted escapes beyond the common
    /// ones are left to saphyr.
    fn quoted(&self, off: usize, end: usize) -> Read<(Quoted, usize)> {
        let b = self.bytes;
        let quote = b[off];
        // Most quoted scalars hold no escape: one scan, no copy.
        let stop = if quote == b'"' {
            memchr::memchr2(quote, b'\\', &b[off + 1..end])
        } else {
            memchr::memchr(quote, &b[off + 1..end])
        };
        let Some(n) = stop else {
            return Err(Unsupported);
        };
        let mut i = off + 1 + n;
        let doubled = quote == b'\'' && i + 1 < end && b[i + 1] == b'\'';
        if b[i] == quote && !doubled {
            return Ok((Quoted::At(off + 1, i), i + 1));
        }
        let mut out = String::new();
        let mut run = off + 1;
        while i < end {
            match b[i] {
                c if c == quote => {
                    if quote == b'\'' && i + 1 < end && b[i + 1] == b'\'' {
                        out.push_str(&self.text[run..=i]);
                        i += 2;
                        run = i;
                        continue;
                    }
                    out.push_str(&self.text[run..i]);
                    return Ok((Quoted::Unescaped(out), i + 1));
                }
                b'\\' if quote == b'"' => {
                    out.push_str(&self.text[run..i]);
                    let escaped = match b.get(i + 1).filter(|_| i + 1 < end) {
                        Some(b'\\') => '\\',
                        Some(b'"') => '"',
                        Some(b'/') => '/',
                        Some(b'n') => '\n',
                        Some(b't') => '\t',
                        _ => return Err(Unsupported),
                    };
                    out.push(escaped);
                    i += 2;
                    run = i;
                }
                _ => i += 1,
            }
        }
        Err(Unsupported)
    }
}

/// A quoted scalar's text (see [`Reader::quoted`]).
enum Quoted {
    /// Written without escapes between these offsets.
    At(usize, usize),
    /// With its escapes (or doubled quotes) read.
    Unescaped(String),
}

/// How a block plain scalar ends (see [`Reader::plain_end`]).
enum Plain {
    /// At the `:` of a mapping entry.
    Colon(usize),
    /// At the `#` of a comment.
    Comment(usize),
    /// At the line's end.
    End(usize),
}

/// The next step inside a one-line flow collection.
enum Flow {
    /// An item starts at this offset.
    Item(usize),
    /// The collection was closed; the offset just past its bracket.
    Closed(usize),
}

/// Whether a plain scalar may start with byte `c` (followed by `next`):
/// never with an indicator, except `-` before a digit, a dot or a letter
/// (`-1`, `-cpu`), which cannot be read as anything else.
fn plain_start(c: u8, next: Option<&u8>) -> bool {
    match c {
        b' ' => false,
        b'-' => next.is_some_and(|n| n.is_ascii_alphanumeric() || *n == b'.'),
        c => !indicator(c),
    }
}

/// A mapping node of text keys and scalar values as a [`FlatMap`].
fn flatten(node: Node) -> Read<FlatMap> {
    let Value::Map(items) = node.value else {
        return Err(Unsupported);
    };
    let mut fields = Vec::with_capacity(items.len());
    for (k, v) in items {
        match (k.value, v.value) {
            (Value::Scalar(Scalar::Str(k)), Value::Scalar(v)) => fields.push((k, v)),
            _ => return Err(Unsupported),
        }
    }
    Ok(FlatMap {
        pos: node.pos,
        fields,
    })
}

fn node_of(value: Value, pos: Pos) -> Node {
    Node { value, pos }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first unprintable byte found by words is the first found byte
    /// by byte, from every start, around the word size.
    #[test]
    fn unprintable_agrees_with_each_byte() {
        let each = |bytes: &[u8], from: usize| {
            (from..bytes.len())
                .find(|&i| !(0x20..=0x7e).contains(&bytes[i]))
                .unwrap_or(bytes.len())
        };
        for len in [0, 1, 7, 8, 9, 16, 17, 25] {
            for at in 0..len {
                for b in 0..=255u8 {
                    let mut text = vec![b'a'; len];
                    text[at] = b;
                    if len > 3 {
                        text[(at + 3) % len] = b'\n';
                    }
                    for from in [0, 1, at, len / 2].into_iter().filter(|&f| f <= len) {
                        assert_eq!(
                            unprintable(&text, from),
                            each(&text, from),
                            "{b:#x} at {at} of {len} from {from}"
                        );
                    }
                }
            }
        }
    }
}
