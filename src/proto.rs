//! Decides whether an edit of a protobuf (`.proto`) file is *additive only*.
//!
//! Both revisions are tokenized (comments dropped), read by a tolerant
//! recursive-descent parser into a flat list of keyed [`Entry`]s, and every
//! entry of the previous revision must reappear, unchanged, in the current
//! one. Keys ignore declaration order, whitespace and comments; an entry's
//! content holds exactly what would break a consumer if it changed.
//!
//! Decisions worth knowing:
//! * A field's container includes its oneof (`Msg.choice.field`), so moving an
//!   existing field into or out of a oneof is *breaking*: the wire encoding of
//!   that one field is unchanged, but presence semantics and generated APIs are.
//! * `reserved` statements are split into one entry per item, so reserving
//!   more numbers is additive while un-reserving one is breaking.
//! * Labels are compared verbatim: `int32 a = 1;` → `optional int32 a = 1;`
//!   changes presence and is breaking.
//! * Numbers in field/enum-value positions are compared by value (`0x10` ==
//!   `16`); everything else is compared by normalized token text, which is
//!   conservative (a cosmetic rewrite of an option value may count as a change).

use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// Deepest allowed nesting of blocks and brackets; protects the stack.
const MAX_DEPTH: usize = 64;

/// Why an edit is not additive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Additive,
    Breaking { first_lost: String },
}

/// Compare two revisions. Parse failures of EITHER side are returned as Err with a short
/// message including a 1-based line number; the caller then treats the change as breaking.
pub fn compare(previous: &str, current: &str) -> Result<Verdict, String> {
    let old = parse(previous).map_err(|e| format!("previous revision: {e}"))?;
    let new = parse(current).map_err(|e| format!("current revision: {e}"))?;
    // A multiset, so duplicated statements must all survive.
    let mut pool: HashMap<&Entry, usize> = HashMap::new();
    for entry in &new {
        *pool.entry(entry).or_insert(0) += 1;
    }
    for entry in &old {
        match pool.get_mut(entry) {
            Some(count) if *count > 0 => *count -= 1,
            _ => {
                return Ok(Verdict::Breaking {
                    first_lost: entry.describe(),
                })
            }
        }
    }
    Ok(Verdict::Additive)
}

// ---------------------------------------------------------------------------
// Tokenizer
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Ident,
    Int,
    Float,
    Str,
    Punct,
}

#[derive(Debug, Clone)]
struct Token {
    kind: Kind,
    /// Identifier/number text, a string re-rendered with `"` quotes, or one punctuation char.
    text: String,
    line: usize,
}

impl Token {
    fn is_punct(&self, p: &str) -> bool {
        self.kind == Kind::Punct && self.text == p
    }

    fn is_word(&self, w: &str) -> bool {
        self.kind == Kind::Ident && self.text == w
    }
}

/// Splits source text into tokens, dropping whitespace and comments.
fn tokenize(src: &str) -> Result<Vec<Token>, String> {
    let mut lexer = Lexer {
        src,
        bytes: src.as_bytes(),
        pos: 0,
        line: 1,
        tokens: Vec::new(),
    };
    lexer.run()?;
    Ok(lexer.tokens)
}

/// Byte-oriented lexer: all syntax is ASCII, and non-ASCII text only occurs
/// inside strings and comments, which are sliced at ASCII boundaries.
struct Lexer<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    line: usize,
    tokens: Vec<Token>,
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_ident_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

impl Lexer<'_> {
    fn at(&self, offset: usize) -> Option<u8> {
        self.bytes.get(self.pos.saturating_add(offset)).copied()
    }

    fn run(&mut self) -> Result<(), String> {
        while let Some(b) = self.at(0) {
            match b {
                b'\n' => {
                    self.line += 1;
                    self.pos += 1;
                }
                b' ' | b'\t' | b'\r' | 0x0b | 0x0c => self.pos += 1,
                b'/' if self.at(1) == Some(b'/') => self.skip_line_comment(),
                b'/' if self.at(1) == Some(b'*') => self.skip_block_comment()?,
                b'"' | b'\'' => self.string(b)?,
                _ if self.starts_number() => self.number(),
                _ if self.starts_ident() => self.ident(),
                _ if b.is_ascii_punctuation() => {
                    self.pos += 1;
                    self.push(Kind::Punct, self.pos - 1);
                }
                _ => return Err(format!("line {}: unexpected character", self.line)),
            }
        }
        Ok(())
    }

    fn push(&mut self, kind: Kind, start: usize) {
        let text = self
            .src
            .get(start..self.pos)
            .unwrap_or_default()
            .to_string();
        self.tokens.push(Token {
            kind,
            text,
            line: self.line,
        });
    }

    fn skip_line_comment(&mut self) {
        while self.at(0).is_some_and(|b| b != b'\n') {
            self.pos += 1;
        }
    }

    fn skip_block_comment(&mut self) -> Result<(), String> {
        let start_line = self.line;
        self.pos += 2;
        loop {
            match self.at(0) {
                None => return Err(format!("line {start_line}: unterminated comment")),
                Some(b'*') if self.at(1) == Some(b'/') => {
                    self.pos += 2;
                    return Ok(());
                }
                Some(b'\n') => {
                    self.line += 1;
                    self.pos += 1;
                }
                Some(_) => self.pos += 1,
            }
        }
    }

    /// A digit, `.5`, or a minus sign directly followed by either.
    fn starts_number(&self) -> bool {
        let digit = |o: usize| self.at(o).is_some_and(|b| b.is_ascii_digit());
        let unsigned = |o: usize| digit(o) || (self.at(o) == Some(b'.') && digit(o + 1));
        unsigned(0) || (self.at(0) == Some(b'-') && unsigned(1))
    }

    /// Leading-dot identifiers are fully qualified names (`.pkg.Type`) or
    /// option-name suffixes (`(custom).opt`).
    fn starts_ident(&self) -> bool {
        let first = |o: usize| self.at(o).is_some_and(is_ident_start);
        first(0) || (self.at(0) == Some(b'.') && first(1))
    }

    /// Reads an int or float loosely; malformed numbers are rejected later by
    /// whoever needs the value.
    fn number(&mut self) {
        let start = self.pos;
        if self.at(0) == Some(b'-') {
            self.pos += 1;
        }
        let hex = self.at(0) == Some(b'0') && matches!(self.at(1), Some(b'x' | b'X'));
        let mut float = false;
        while let Some(b) = self.at(0) {
            let after_exponent = !hex && self.pos > start && matches!(self.at_prev(), b'e' | b'E');
            if b == b'.' || (!hex && matches!(b, b'e' | b'E')) {
                float = true;
            } else if !(is_ident_char(b) || (after_exponent && matches!(b, b'+' | b'-'))) {
                break;
            }
            self.pos += 1;
        }
        self.push(if float { Kind::Float } else { Kind::Int }, start);
    }

    fn at_prev(&self) -> u8 {
        self.pos
            .checked_sub(1)
            .and_then(|p| self.bytes.get(p))
            .copied()
            .unwrap_or(0)
    }

    /// Reads a dotted identifier such as `google.protobuf.Timestamp`.
    fn ident(&mut self) {
        let start = self.pos;
        if self.at(0) == Some(b'.') {
            self.pos += 1;
        }
        loop {
            while self.at(0).is_some_and(is_ident_char) {
                self.pos += 1;
            }
            if self.at(0) == Some(b'.') && self.at(1).is_some_and(is_ident_start) {
                self.pos += 1;
            } else {
                break;
            }
        }
        self.push(Kind::Ident, start);
    }

    /// Reads a quoted string; adjacent strings are concatenated as in protoc.
    fn string(&mut self, quote: u8) -> Result<(), String> {
        let start_line = self.line;
        let unterminated = || format!("line {start_line}: unterminated string");
        self.pos += 1;
        let inner_start = self.pos;
        loop {
            match self.at(0) {
                None | Some(b'\n') => return Err(unterminated()),
                Some(b'\\') if matches!(self.at(1), None | Some(b'\n')) => {
                    return Err(unterminated())
                }
                Some(b'\\') => self.pos += 2,
                Some(b) if b == quote => break,
                Some(_) => self.pos += 1,
            }
        }
        let inner = self.src.get(inner_start..self.pos).unwrap_or_default();
        let rendered = render_string(inner);
        self.pos += 1;
        match self.tokens.last_mut() {
            Some(last) if last.kind == Kind::Str => {
                last.text.pop();
                last.text
                    .push_str(rendered.strip_prefix('"').unwrap_or_default());
            }
            _ => self.tokens.push(Token {
                kind: Kind::Str,
                text: rendered,
                line: start_line,
            }),
        }
        Ok(())
    }
}

/// Re-renders a string body with `"` quotes so `'a'` and `"a"` compare equal.
fn render_string(inner: &str) -> String {
    let mut out = String::with_capacity(inner.len() + 2);
    out.push('"');
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('\'') => out.push('\''),
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                }
                None => out.push('\\'),
            },
            '"' => out.push_str("\\\""),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

// ---------------------------------------------------------------------------
// Entries
// ---------------------------------------------------------------------------

/// One comparable fact about a file: a declaration or an unnamed statement.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Entry {
    /// `message`, `field`, `rpc`, `enum value`, `statement`, ...
    kind: &'static str,
    /// Dotted container + name; for statements, just the container.
    path: String,
    /// Normalized content that must not change.
    content: String,
}

impl Entry {
    fn describe(&self) -> String {
        match (self.kind, self.path.is_empty()) {
            ("statement", true) => format!("statement: {}", self.content),
            ("statement", false) => format!("statement in {}: {}", self.path, self.content),
            _ => format!("{} {}", self.kind, self.path),
        }
    }
}

fn join(container: &str, name: &str) -> String {
    if container.is_empty() {
        name.to_string()
    } else {
        format!("{container}.{name}")
    }
}

/// Renders tokens as compact, deterministic text (`option (a).b = "x"`).
fn render(tokens: &[Token]) -> String {
    let mut out = String::new();
    let mut prev: Option<&Token> = None;
    for tok in tokens {
        if prev.is_some_and(|p| needs_space(p, tok)) {
            out.push(' ');
        }
        out.push_str(&tok.text);
        prev = Some(tok);
    }
    out
}

/// Words are always separated; brackets and separators hug their neighbours.
fn needs_space(prev: &Token, cur: &Token) -> bool {
    let glue_after =
        prev.kind == Kind::Punct && matches!(prev.text.as_str(), "(" | "[" | "<" | "/");
    let glue_before = cur.kind == Kind::Punct
        && matches!(cur.text.as_str(), ")" | "]" | ">" | "," | ";" | ":" | "/");
    let suffix = cur.kind == Kind::Ident && cur.text.starts_with('.') && prev.is_punct(")");
    !(glue_after || glue_before || suffix)
}

/// Splits a balanced token list at depth-zero commas, rendering each item.
fn split_items(tokens: &[Token]) -> Vec<String> {
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, tok) in tokens.iter().enumerate() {
        if tok.kind != Kind::Punct {
            continue;
        }
        match tok.text.as_str() {
            "(" | "[" | "{" | "<" => depth += 1,
            ")" | "]" | "}" | ">" => depth = depth.saturating_sub(1),
            "," if depth == 0 => {
                items.push(render(tokens.get(start..i).unwrap_or_default()));
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(render(tokens.get(start..).unwrap_or_default()));
    items.retain(|item| !item.is_empty());
    items
}

/// Parses an integer literal (decimal, hex, octal, optional `-`) to decimal text.
fn normalize_int(text: &str) -> Option<String> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let hex = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"));
    let (body, radix) = match hex {
        Some(h) => (h, 16),
        None if digits.len() > 1 && digits.starts_with('0') => (digits.get(1..)?, 8),
        None => (digits, 10),
    };
    if body.is_empty() || !body.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let value = i128::from(u64::from_str_radix(body, radix).ok()?);
    Some((if negative { -value } else { value }).to_string())
}

// ---------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------

/// Which grammar applies inside a `{ ... }` block (or the file itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Body {
    File,
    Message,
    Enum,
    Service,
    Oneof,
    Extend,
}

struct Parser {
    toks: Vec<Token>,
    pos: usize,
    entries: Vec<Entry>,
    /// `extend` blocks may repeat for one type; record the block only once.
    extends: HashSet<String>,
}

/// Reads a whole file into entries, in source order.
fn parse(src: &str) -> Result<Vec<Entry>, String> {
    let toks = tokenize(src.strip_prefix('\u{feff}').unwrap_or(src))?;
    let mut parser = Parser {
        toks,
        pos: 0,
        entries: Vec::new(),
        extends: HashSet::new(),
    };
    parser.body(Body::File, "", 0, 1)?;
    Ok(parser.entries)
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.toks.get(self.pos)
    }

    fn peek_at(&self, offset: usize) -> Option<&Token> {
        self.toks.get(self.pos.saturating_add(offset))
    }

    fn peek_word(&self) -> Option<&str> {
        self.peek()
            .filter(|t| t.kind == Kind::Ident)
            .map(|t| t.text.as_str())
    }

    /// Line of the current token, or of the last one at end of input.
    fn line(&self) -> usize {
        self.peek().or(self.toks.last()).map_or(1, |t| t.line)
    }

    fn unexpected(&self, wanted: &str) -> String {
        match self.peek() {
            Some(t) => format!("line {}: expected {wanted}, found '{}'", t.line, t.text),
            None => format!("line {}: expected {wanted}, found end of file", self.line()),
        }
    }

    fn slice(&self, range: Range<usize>) -> &[Token] {
        self.toks.get(range).unwrap_or_default()
    }

    fn eat_punct(&mut self, p: &str) -> bool {
        let hit = self.peek().is_some_and(|t| t.is_punct(p));
        if hit {
            self.pos += 1;
        }
        hit
    }

    fn expect_punct(&mut self, p: &str) -> Result<(), String> {
        if self.eat_punct(p) {
            Ok(())
        } else {
            Err(self.unexpected(&format!("'{p}'")))
        }
    }

    fn expect_ident(&mut self, what: &str) -> Result<String, String> {
        match self.peek_word() {
            Some(word) => {
                let word = word.to_string();
                self.pos += 1;
                Ok(word)
            }
            None => Err(self.unexpected(what)),
        }
    }

    fn check_depth(&self, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH {
            Err(format!(
                "line {}: nesting deeper than {MAX_DEPTH}",
                self.line()
            ))
        } else {
            Ok(())
        }
    }

    /// Reads items until the closing `}` (or end of file for the top level).
    fn body(
        &mut self,
        kind: Body,
        container: &str,
        depth: usize,
        open_line: usize,
    ) -> Result<(), String> {
        self.check_depth(depth)?;
        loop {
            match self.peek() {
                None if kind == Body::File => return Ok(()),
                None => return Err(format!("line {open_line}: '{{' is never closed")),
                Some(t) if t.is_punct("}") && kind != Body::File => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(t) if t.is_punct(";") => self.pos += 1,
                Some(_) => self.item(kind, container, depth)?,
            }
        }
    }

    /// Dispatches one statement or declaration by its leading keyword.
    fn item(&mut self, kind: Body, container: &str, depth: usize) -> Result<(), String> {
        let word = self.peek_word().unwrap_or_default().to_string();
        let next_is_type = self
            .peek_at(1)
            .is_some_and(|t| t.is_word("message") || t.is_word("enum"));
        use Body::*;
        match (kind, word.as_str()) {
            (_, "") => Err(self.unexpected("a declaration")),
            (_, "option") => self.statement(container),
            (File, "syntax" | "edition" | "package" | "import") => self.statement(container),
            (Message, "extensions") => self.statement(container),
            (Message | Enum, "reserved") => self.reserved(container),
            (File | Message, "export" | "local") if next_is_type => {
                self.pos += 1;
                self.declaration(container, depth, &word)
            }
            (File | Message, "message" | "enum" | "extend") => {
                self.declaration(container, depth, "")
            }
            (File, "service") | (Message, "oneof") => self.declaration(container, depth, ""),
            (Service, "rpc") => self.rpc(container, depth),
            (Enum, _) => self.enum_value(container),
            (Message | Oneof | Extend, _) => self.field(container, depth),
            _ => Err(self.unexpected("a declaration")),
        }
    }

    /// `message|enum|service|oneof|extend Name { ... }`; `modifier` is an
    /// edition-2024 visibility keyword, part of the declaration's content.
    fn declaration(&mut self, container: &str, depth: usize, modifier: &str) -> Result<(), String> {
        let keyword = self.expect_ident("a keyword")?;
        let name = self.expect_ident(&format!("{keyword} name"))?;
        let open_line = self.line();
        self.expect_punct("{")?;
        let (kind, body, path) = match keyword.as_str() {
            "message" => ("message", Body::Message, join(container, &name)),
            "enum" => ("enum", Body::Enum, join(container, &name)),
            "service" => ("service", Body::Service, join(container, &name)),
            "oneof" => ("oneof", Body::Oneof, join(container, &name)),
            _ => (
                "extend",
                Body::Extend,
                join(container, &format!("({name})")),
            ),
        };
        if kind != "extend" || self.extends.insert(path.clone()) {
            self.push(kind, path.clone(), modifier.to_string());
        }
        self.body(body, &path, depth + 1, open_line)
    }

    fn push(&mut self, kind: &'static str, path: String, content: String) {
        self.entries.push(Entry {
            kind,
            path,
            content,
        });
    }

    /// Unnamed statement (`package x;`, `option ...;`) keyed by its text.
    fn statement(&mut self, container: &str) -> Result<(), String> {
        let range = self.scan_until(";")?;
        let content = render(self.slice(range));
        self.push("statement", container.to_string(), content);
        Ok(())
    }

    /// `reserved 1, 2 to 5, "x";` becomes one entry per item, so adding an
    /// item is additive and removing one is breaking.
    fn reserved(&mut self, container: &str) -> Result<(), String> {
        let range = self.scan_until(";")?;
        let items = split_items(self.slice(range.start + 1..range.end));
        if items.is_empty() {
            self.push("statement", container.to_string(), "reserved".to_string());
        }
        for item in items {
            self.push(
                "statement",
                container.to_string(),
                format!("reserved {item}"),
            );
        }
        Ok(())
    }

    /// Consumes tokens through `stop` at bracket depth zero and returns the
    /// range before it. Iterative, with brackets checked for balance.
    fn scan_until(&mut self, stop: &str) -> Result<Range<usize>, String> {
        let start = self.pos;
        let start_line = self.line();
        let mut closers: Vec<&'static str> = Vec::new();
        loop {
            let Some(tok) = self.toks.get(self.pos) else {
                return Err(format!("line {start_line}: missing '{stop}'"));
            };
            self.pos += 1;
            if tok.kind != Kind::Punct {
                continue;
            }
            let text = tok.text.as_str();
            if closers.is_empty() && text == stop {
                return Ok(start..self.pos - 1);
            }
            match text {
                "(" => closers.push(")"),
                "[" => closers.push("]"),
                "{" => closers.push("}"),
                "<" => closers.push(">"),
                ")" | "]" | "}" | ">" if closers.pop() != Some(text) => {
                    return Err(format!("line {}: unbalanced '{text}'", tok.line));
                }
                _ => {}
            }
            if closers.len() > MAX_DEPTH {
                return Err(format!(
                    "line {}: nesting deeper than {MAX_DEPTH}",
                    tok.line
                ));
            }
        }
    }

    /// Optional `[a = 1, b = 2]`; items are sorted so their order is ignored.
    fn bracket_options(&mut self) -> Result<String, String> {
        if !self.eat_punct("[") {
            return Ok(String::new());
        }
        let range = self.scan_until("]")?;
        let mut items = split_items(self.slice(range));
        items.sort();
        Ok(format!("[{}]", items.join(", ")))
    }

    /// An integer value (field number, enum value), normalized to decimal.
    fn number(&mut self, what: &str) -> Result<String, String> {
        let split_minus = self.peek().is_some_and(|t| t.is_punct("-"))
            && self
                .peek_at(1)
                .is_some_and(|t| t.kind == Kind::Int && !t.text.starts_with('-'));
        if split_minus {
            self.pos += 1;
        }
        let value = self
            .peek()
            .filter(|t| t.kind == Kind::Int)
            .and_then(|t| normalize_int(&t.text));
        match value {
            Some(v) => {
                self.pos += 1;
                Ok(if split_minus { format!("-{v}") } else { v })
            }
            None => Err(self.unexpected(what)),
        }
    }

    /// `[label] type name = N [opts];`, `map<K, V> ...`, or
    /// `[label] group Name = N [opts] { ... }`.
    fn field(&mut self, container: &str, depth: usize) -> Result<(), String> {
        let mut parts = Vec::new();
        if let Some(label) = self
            .peek_word()
            .filter(|w| matches!(*w, "repeated" | "optional" | "required"))
        {
            parts.push(label.to_string());
            self.pos += 1;
        }
        let is_map =
            self.peek_word() == Some("map") && self.peek_at(1).is_some_and(|t| t.is_punct("<"));
        let ty = if is_map {
            self.map_type()?
        } else {
            self.expect_ident("a field type")?
        };
        let name = self.expect_ident("a field name")?;
        self.expect_punct("=")?;
        parts.push(ty.clone());
        parts.push(self.number("a field number")?);
        parts.push(self.bracket_options()?);
        parts.retain(|p| !p.is_empty());
        let path = join(container, &name);
        self.push("field", path.clone(), parts.join(" "));
        let open_line = self.line();
        if ty == "group" && self.eat_punct("{") {
            return self.body(Body::Message, &path, depth + 1, open_line);
        }
        self.expect_punct(";")
    }

    fn map_type(&mut self) -> Result<String, String> {
        self.pos += 2;
        let key = self.expect_ident("a map key type")?;
        self.expect_punct(",")?;
        let value = self.expect_ident("a map value type")?;
        self.expect_punct(">")?;
        Ok(format!("map<{key}, {value}>"))
    }

    /// `NAME = N [opts];` inside an enum.
    fn enum_value(&mut self, container: &str) -> Result<(), String> {
        let name = self.expect_ident("an enum value name")?;
        self.expect_punct("=")?;
        let number = self.number("an enum value number")?;
        let options = self.bracket_options()?;
        self.expect_punct(";")?;
        let content = format!("{number} {options}").trim_end().to_string();
        self.push("enum value", join(container, &name), content);
        Ok(())
    }

    /// `rpc Name ([stream] Req) returns ([stream] Resp) (; | { option ...; })`.
    fn rpc(&mut self, container: &str, depth: usize) -> Result<(), String> {
        self.pos += 1;
        let name = self.expect_ident("an rpc name")?;
        let request = self.rpc_type()?;
        if self.peek_word() != Some("returns") {
            return Err(self.unexpected("'returns'"));
        }
        self.pos += 1;
        let response = self.rpc_type()?;
        let mut content = format!("{request} returns {response}");
        let open_line = self.line();
        if self.eat_punct("{") {
            let options = self.rpc_options(depth + 1, open_line)?;
            if !options.is_empty() {
                content = format!("{content} {{{}}}", options.join("; "));
            }
        } else {
            self.expect_punct(";")?;
        }
        self.push("rpc", join(container, &name), content);
        Ok(())
    }

    /// `([stream] Type)`; a message literally named `stream` is still a type.
    fn rpc_type(&mut self) -> Result<String, String> {
        self.expect_punct("(")?;
        let stream = self.peek_word() == Some("stream")
            && self.peek_at(1).is_some_and(|t| t.kind == Kind::Ident);
        if stream {
            self.pos += 1;
        }
        let ty = self.expect_ident("a message type")?;
        self.expect_punct(")")?;
        Ok(format!("({}{ty})", if stream { "stream " } else { "" }))
    }

    /// Sorted option statements of an rpc body (order is irrelevant).
    fn rpc_options(&mut self, depth: usize, open_line: usize) -> Result<Vec<String>, String> {
        self.check_depth(depth)?;
        let mut options = Vec::new();
        loop {
            match self.peek() {
                None => return Err(format!("line {open_line}: '{{' is never closed")),
                Some(t) if t.is_punct("}") => break,
                Some(t) if t.is_punct(";") => self.pos += 1,
                Some(t) if t.is_word("option") => {
                    let range = self.scan_until(";")?;
                    options.push(render(self.slice(range)));
                }
                Some(_) => return Err(self.unexpected("'option' or '}'")),
            }
        }
        self.pos += 1;
        options.sort();
        Ok(options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(previous: &str, current: &str) -> Verdict {
        compare(previous, current).expect("both revisions parse")
    }

    fn lost(previous: &str, current: &str) -> String {
        match verdict(previous, current) {
            Verdict::Breaking { first_lost } => first_lost,
            Verdict::Additive => panic!("expected a breaking change"),
        }
    }

    fn additive(previous: &str, current: &str) {
        assert_eq!(verdict(previous, current), Verdict::Additive);
    }

    const BASIC: &str = r#"
syntax = "proto3";
package demo;
import "google/protobuf/empty.proto";
option go_package = "example.com/demo";

message Request {
  string name = 1;
  repeated int32 ids = 2 [packed = true, deprecated = true];
  map<string, string> labels = 3;
  oneof choice {
    string text = 4;
    bytes blob = 5;
  }
}

message Reply { string message = 1; }

enum Mode { MODE_UNSPECIFIED = 0; MODE_FAST = 1; }

service Demo {
  rpc Call(Request) returns (Reply);
  rpc Watch(Request) returns (stream Reply) { option deprecated = true; }
}
"#;

    #[test]
    fn identical_files_are_additive() {
        additive(BASIC, BASIC);
        additive("", "");
    }

    #[test]
    fn comments_whitespace_and_reordering_are_additive() {
        let current = r#"
// A leading comment.
/* block
   comment */ syntax='proto3' ;
service Demo {
  rpc Watch ( Request ) returns ( stream Reply ) { option deprecated=true; }
  rpc Call(Request) returns (Reply) {}
}
enum Mode { MODE_FAST = 0x1; MODE_UNSPECIFIED = 0; }
message Reply{string message=1;}
option go_package = 'example.com/demo';
import "google/protobuf/empty.proto";
package demo;
message Request {
  oneof choice { bytes blob = 5; string text = 4; }
  map<string,string> labels = 3; // trailing comment
  repeated int32 ids = 2 [deprecated = true, packed = true];
  string name = 1;
}
"#;
        additive(BASIC, current);
    }

    #[test]
    fn new_declarations_are_additive() {
        let new_field = BASIC.replace("string name = 1;", "string name = 1; int64 extra = 9;");
        additive(BASIC, &new_field);
        additive(
            BASIC,
            &format!("{BASIC}\nmessage Extra {{ string a = 1; }}"),
        );
        let new_rpc = BASIC.replace(
            "service Demo {",
            "service Demo { rpc Ping(Request) returns (Reply);",
        );
        additive(BASIC, &new_rpc);
        let new_value = BASIC.replace("MODE_FAST = 1;", "MODE_FAST = 1; MODE_SLOW = 2;");
        additive(BASIC, &new_value);
        let new_import = BASIC.replace("package demo;", "package demo;\nimport \"other.proto\";");
        additive(BASIC, &new_import);
        let new_option = BASIC.replace(
            "package demo;",
            "package demo;\noption java_multiple_files = true;",
        );
        additive(BASIC, &new_option);
    }

    #[test]
    fn removed_field_is_breaking() {
        let current = BASIC.replace("string name = 1;", "");
        assert_eq!(lost(BASIC, &current), "field Request.name");
    }

    #[test]
    fn renumbered_field_is_breaking() {
        let current = BASIC.replace("string name = 1;", "string name = 10;");
        assert_eq!(lost(BASIC, &current), "field Request.name");
    }

    #[test]
    fn retyped_field_is_breaking() {
        let current = BASIC.replace("string name = 1;", "bytes name = 1;");
        assert_eq!(lost(BASIC, &current), "field Request.name");
        let map = BASIC.replace("map<string, string> labels", "map<string, int32> labels");
        assert_eq!(lost(BASIC, &map), "field Request.labels");
    }

    #[test]
    fn changed_label_is_breaking() {
        let current = BASIC.replace("string name = 1;", "optional string name = 1;");
        assert_eq!(lost(BASIC, &current), "field Request.name");
    }

    #[test]
    fn field_moved_between_messages_is_breaking() {
        let current = BASIC.replace("string name = 1;", "").replace(
            "string message = 1;",
            "string message = 1; string name = 2;",
        );
        assert_eq!(lost(BASIC, &current), "field Request.name");
    }

    #[test]
    fn field_moved_into_oneof_is_breaking() {
        // Decision: the oneof is part of the field's container, because moving
        // a field into a oneof changes presence semantics and generated code.
        let current = BASIC
            .replace("string name = 1;", "")
            .replace("string text = 4;", "string text = 4; string name = 1;");
        assert_eq!(lost(BASIC, &current), "field Request.name");
        let out_of = BASIC
            .replace("bytes blob = 5;", "")
            .replace("string name = 1;", "string name = 1; bytes blob = 5;");
        assert_eq!(lost(BASIC, &out_of), "field Request.choice.blob");
    }

    #[test]
    fn rpc_changes_are_breaking() {
        let removed = BASIC.replace("rpc Call(Request) returns (Reply);", "");
        assert_eq!(lost(BASIC, &removed), "rpc Demo.Call");
        let response = BASIC.replace("returns (Reply);", "returns (Request);");
        assert_eq!(lost(BASIC, &response), "rpc Demo.Call");
        let stream = BASIC.replace("returns (stream Reply)", "returns (Reply)");
        assert_eq!(lost(BASIC, &stream), "rpc Demo.Watch");
        let client_stream = BASIC.replace("rpc Call(Request)", "rpc Call(stream Request)");
        assert_eq!(lost(BASIC, &client_stream), "rpc Demo.Call");
        let rpc_option = BASIC.replace("{ option deprecated = true; }", ";");
        assert_eq!(lost(BASIC, &rpc_option), "rpc Demo.Watch");
    }

    #[test]
    fn removed_or_renumbered_enum_value_is_breaking() {
        let removed = BASIC.replace("MODE_FAST = 1;", "");
        assert_eq!(lost(BASIC, &removed), "enum value Mode.MODE_FAST");
        let renumbered = BASIC.replace("MODE_FAST = 1;", "MODE_FAST = 2;");
        assert_eq!(lost(BASIC, &renumbered), "enum value Mode.MODE_FAST");
    }

    #[test]
    fn changed_options_are_breaking() {
        let file_option = BASIC.replace("example.com/demo", "example.com/other");
        assert_eq!(
            lost(BASIC, &file_option),
            r#"statement: option go_package = "example.com/demo""#
        );
        let field_option = BASIC.replace("packed = true, ", "");
        assert_eq!(lost(BASIC, &field_option), "field Request.ids");
    }

    #[test]
    fn removed_package_or_import_is_breaking() {
        let package = BASIC.replace("package demo;", "");
        assert_eq!(lost(BASIC, &package), "statement: package demo");
        let import = BASIC.replace("import \"google/protobuf/empty.proto\";", "");
        assert_eq!(
            lost(BASIC, &import),
            r#"statement: import "google/protobuf/empty.proto""#
        );
        let syntax = BASIC.replace("proto3", "proto2");
        assert_eq!(lost(BASIC, &syntax), r#"statement: syntax = "proto3""#);
    }

    #[test]
    fn removed_message_is_reported_before_its_fields() {
        let current = BASIC.replace("message Reply { string message = 1; }", "");
        assert_eq!(lost(BASIC, &current), "message Reply");
    }

    #[test]
    fn first_lost_follows_previous_file_order() {
        let current = BASIC
            .replace("rpc Call(Request) returns (Reply);", "")
            .replace("string name = 1;", "");
        assert_eq!(lost(BASIC, &current), "field Request.name");
    }

    #[test]
    fn reserved_items_are_compared_individually() {
        let previous = "message M { reserved 2, 15, 9 to 11; reserved \"foo\"; }";
        additive(
            previous,
            "message M { reserved 15, 9 to 11, 2, 40; reserved 'foo', \"bar\"; }",
        );
        let current = "message M { reserved 2, 15; reserved \"foo\"; }";
        assert_eq!(lost(previous, current), "statement in M: reserved 9 to 11");
    }

    #[test]
    fn duplicated_statements_must_all_survive() {
        let previous = "message M { option (a) = 1; option (a) = 1; }";
        assert_eq!(
            lost(previous, "message M { option (a) = 1; }"),
            "statement in M: option (a) = 1"
        );
    }

    #[test]
    fn proto2_and_editions_constructs_parse() {
        let previous = r#"
syntax = "proto2";
package p.q;
import public "base.proto";
import weak "weak.proto";
option (my.file_opt) = { name: "x" tags: [1, 2] nested < deep: { a: -1.5e3 } > };
message Outer {
  extensions 100 to max;
  extensions 10 to 20 [declaration = { number: 10, full_name: ".p.q.ext", type: ".p.q.T" }];
  optional int32 a = 1 [default = -inf, (custom).opt = "x", json_name = 'A'];
  required .p.q.Inner b = 2;
  repeated group Result = 3 { optional string url = 4; }
  message Inner { enum E { option allow_alias = true; X = 0; Y = 0; Z = -2 [(e) = 1]; reserved 5; } }
  oneof pick { option (o) = 1; group G = 5 { optional int32 v = 6; } int32 w = 7; }
  extend Other { optional int32 ext_in = 200; }
  ;
}
extend google.protobuf.FieldOptions { optional string custom = 50000; }
extend google.protobuf.FieldOptions { optional string custom2 = 50001; }
"#;
        additive(previous, previous);
        let group_field = previous.replace("optional string url = 4;", "");
        assert_eq!(lost(previous, &group_field), "field Outer.Result.url");
        let ext = previous.replace("optional string custom2 = 50001;", "");
        assert_eq!(
            lost(previous, &ext),
            "field (google.protobuf.FieldOptions).custom2"
        );
        let aggregate = previous.replace("a: -1.5e3", "a: 2");
        assert!(lost(previous, &aggregate).starts_with("statement: option (my.file_opt)"));
        let alias = previous.replace("Y = 0;", "Y = 1;");
        assert_eq!(lost(previous, &alias), "enum value Outer.Inner.E.Y");
        let editions = r#"edition = "2023"; option features.field_presence = IMPLICIT;
            export message M { int32 a = 1 [features.field_presence = EXPLICIT]; reserved foo, bar; }"#;
        additive(editions, editions);
        assert_eq!(
            lost(editions, &editions.replace("export ", "")),
            "message M"
        );
    }

    #[test]
    fn parse_errors_are_reported_with_line_numbers() {
        let cases = [
            ("syntax = \"proto3;\nmessage M {}", "line 1"),
            ("message M {}\n/* never closed", "line 2"),
            ("message M {\n  int32 a = 1;\n", "line 1"),
            ("message M {\n  int32 a = ;\n}", "line 2"),
            ("\n\nservice S { rpc A(X) (Y); }", "line 3"),
            ("message M { int32 a = 1; }\n}", "line 2"),
            ("option x = 1\nmessage M { }", "line 1"),
            ("message M { int32 a = 99999999999999999999999; }", "line 1"),
            ("message M { int32 a = 1 [deprecated = true; }", "line 1"),
            ("message M { string a = 'x\n'; }", "line 1"),
            ("message \u{e9} {}", "line 1"),
        ];
        for (src, line) in cases {
            let err = compare(src, "").expect_err(src);
            assert!(err.contains(line), "{src:?} gave {err:?}");
            assert!(err.starts_with("previous revision"), "{err}");
            let err = compare("", src).expect_err(src);
            assert!(err.starts_with("current revision"), "{err}");
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let nested = |n: usize| "message M {".repeat(n) + &"}".repeat(n);
        assert!(compare(&nested(MAX_DEPTH), "").is_ok());
        assert!(compare(&nested(MAX_DEPTH + 1), "").is_err());
        assert!(compare(&nested(100_000), "").is_err());
        let aggregate = format!("option x = {}{};", "{a ".repeat(1000), "}".repeat(1000));
        assert!(compare(&aggregate, "").is_err());
    }

    #[test]
    fn numbers_and_strings_are_normalized() {
        additive(
            "message M { int32 a = 16; }",
            "message M { int32 a = 0x10; }",
        );
        additive("message M { int32 a = 8; }", "message M { int32 a = 010; }");
        additive("enum E { A = -1; }", "enum E { A = - 1; }");
        additive("option o = 'it\\'s';", "option o = \"it's\";");
        additive("option o = \"ab\";", "option o = \"a\" 'b';");
        assert!(matches!(
            verdict("option o = 'a\"b';", "option o = \"a\";"),
            Verdict::Breaking { .. }
        ));
    }

    #[test]
    fn garbage_never_panics() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let alphabet =
            b"message enum {}()[]<>;=,.-'\"/*\\\n 0x1e5 rpc returns stream map group a\xc3\xa9";
        for _ in 0..2000 {
            let mut bytes = Vec::new();
            for _ in 0..(seed % 64) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let index = usize::try_from(seed % alphabet.len() as u64).unwrap_or(0);
                bytes.push(alphabet.get(index).copied().unwrap_or(b' '));
            }
            let text = String::from_utf8_lossy(&bytes);
            let _ = compare(&text, BASIC);
            let _ = compare(BASIC, &text);
        }
        for end in 0..BACKEND_PROTO.len() {
            if let Some(prefix) = BACKEND_PROTO.get(..end) {
                let _ = compare(prefix, BACKEND_PROTO);
            }
        }
    }

    const BACKEND_PROTO: &str = r#"
syntax = "proto3";

option go_package = "github.com/go-skynet/LocalAI/pkg/grpc/proto";
option java_multiple_files = true;
option java_package = "io.skynet.localai.backend";
option java_outer_classname = "LocalAIBackend";

package backend;

service Backend {
  rpc Health(HealthMessage) returns (Reply) {}
  rpc Predict(PredictOptions) returns (Reply) {}
  rpc LoadModel(ModelOptions) returns (Result) {}
  rpc PredictStream(PredictOptions) returns (stream Reply) {}
  rpc Embedding(PredictOptions) returns (EmbeddingResult) {}
  rpc GenerateImage(GenerateImageRequest) returns (Result) {}
  rpc AudioTranscription(TranscriptRequest) returns (TranscriptResult) {}
  rpc TTS(TTSRequest) returns (Result) {}
  rpc TokenizeString(PredictOptions) returns (TokenizationResponse) {}
  rpc Status(HealthMessage) returns (StatusResponse) {}
}

message HealthMessage {}

// The options for a prediction request.
message PredictOptions {
  string Prompt = 1;
  int32 Seed = 2;
  int32 Threads = 3;
  int32 Tokens = 4;
  int32 TopK = 5;
  float TopP = 7;
  repeated string StopPrompts = 9;
  bool Echo = 12;
  float Temperature = 14;
  map<string, string> Metadata = 20;
}

message Reply {
  bytes message = 1;
  int32 tokens = 2;
  int32 prompt_tokens = 3;
  double timing_prompt_processing = 4;
}

message ModelOptions {
  string Model = 1;
  int32 ContextSize = 2;
  int32 Seed = 3;
  bool F16Memory = 5;
  string ModelFile = 20 [deprecated = true];
  repeated string LoraAdapters = 21;
}

message Result { string message = 1; bool success = 2; }
message EmbeddingResult { repeated float embeddings = 1; }

message TranscriptRequest {
  string dst = 2;
  string language = 3;
  uint32 threads = 4;
  bool translate = 5;
}

message TranscriptResult { repeated TranscriptSegment segments = 1; string text = 2; }

message TranscriptSegment {
  int32 id = 1; int64 start = 2; int64 end = 3; string text = 4; repeated int32 tokens = 5;
}

message GenerateImageRequest { int32 height = 1; int32 width = 2; string positive_prompt = 5; string dst = 7; }
message TTSRequest { string text = 1; string model = 2; string dst = 3; optional string language = 5; }
message TokenizationResponse { int32 length = 1; repeated int32 tokens = 2; }
message MemoryUsageData { uint64 total = 1; map<string, uint64> breakdown = 2; }

message StatusResponse {
  enum State { UNINITIALIZED = 0; BUSY = 1; READY = 2; ERROR = -1; }
  State state = 1;
  MemoryUsageData memory = 2;
}
"#;

    #[test]
    fn backend_proto_additive_edit() {
        let current = BACKEND_PROTO
            .replace(
                "rpc Status(HealthMessage) returns (StatusResponse) {}",
                "rpc Status(HealthMessage) returns (StatusResponse) {}\n  rpc Rerank(RerankRequest) returns (RerankResult) {}",
            )
            .replace("map<string, string> Metadata = 20;", "map<string, string> Metadata = 20;\n  int32 NKeep = 21;")
            .replace("READY = 2;", "READY = 2; LOADING = 3;")
            + "\nmessage RerankRequest { string query = 1; repeated string documents = 2; }\n"
            + "message RerankResult { repeated float scores = 1; }\n";
        additive(BACKEND_PROTO, &current);
    }

    #[test]
    fn backend_proto_breaking_edit() {
        let current = BACKEND_PROTO.replace("  string ModelFile = 20 [deprecated = true];\n", "");
        assert_eq!(
            lost(BACKEND_PROTO, &current),
            "field ModelOptions.ModelFile"
        );
        let streamed = BACKEND_PROTO.replace("returns (stream Reply)", "returns (Reply)");
        assert_eq!(lost(BACKEND_PROTO, &streamed), "rpc Backend.PredictStream");
        let state = BACKEND_PROTO.replace("ERROR = -1;", "ERROR = 3;");
        assert_eq!(
            lost(BACKEND_PROTO, &state),
            "enum value StatusResponse.State.ERROR"
        );
    }
}
