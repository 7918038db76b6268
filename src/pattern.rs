//! Path pattern lists, compiled once for every rule together.
//!
//! A pattern means what it means in a GitHub workflow's `paths` filter:
//! patterns are anchored at the repository root, `*` matches any run of
//! characters but `/`, `**` matches any run including `/` (also inside a
//! segment: `**.js`), `?` and `+` make the preceding character (or bracket
//! class) optional or repeatable, `[a-z0-9]` matches one character, `\`
//! escapes the next character, and a later `!pattern` excludes what earlier
//! ones included (the last pattern that matches decides). Our additions: a
//! leading `./` or `/` is dropped and a trailing `/` means everything below.
//!
//! Most patterns are literal paths or literal directories followed by `/**`
//! (templates expand to hundreds of them); those are answered from hash maps.
//! Only real wildcards go into one multi-pattern automaton, so matching a
//! file costs a few lookups and one automaton run however many rules exist.

use crate::hash::Map;
use regex_automata::{meta, Anchored, Input, MatchKind, PatternSet};
use std::borrow::Cow;
use std::cell::OnceCell;

/// Identifies one compiled pattern list.
pub type ListId = usize;

/// Normalise a pattern: drop leading `./` and `/`, expand a trailing `/`.
/// Most patterns need neither, and are borrowed as they are.
pub fn normalize(pattern: &str) -> Cow<'_, str> {
    let bytes = pattern.as_bytes();
    let mut start = 0;
    loop {
        match bytes.get(start..start + 2) {
            Some(b"./") => start += 2,
            _ if bytes.get(start) == Some(&b'/') => start += 1,
            _ => break,
        }
    }
    // Only ASCII was skipped, so `start` is a character boundary.
    let p = &pattern[start..];
    if p.ends_with('/') && !p.ends_with("\\/") {
        Cow::Owned(format!("{p}**"))
    } else {
        Cow::Borrowed(p)
    }
}

/// Why a pattern is malformed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyntaxErrorKind {
    /// `\` with nothing after it.
    TrailingEscape,
    /// `[` without its `]`.
    UnclosedClass,
    /// `[]`: a class must list at least one character.
    EmptyClass,
    /// A range whose ends are not both digits, both lower- or both upper-case
    /// letters, in ascending order.
    BadRange(char, char),
    /// `?` or `+` with no character before it to repeat.
    NothingToRepeat(char),
}

/// A malformed pattern: what is wrong and at which character (0-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub kind: SyntaxErrorKind,
    pub at: usize,
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = self.at + 1;
        match &self.kind {
            SyntaxErrorKind::TrailingEscape => write!(f, "character {at}: `\\` escapes nothing"),
            SyntaxErrorKind::UnclosedClass => write!(f, "character {at}: `[` is never closed"),
            SyntaxErrorKind::EmptyClass => write!(f, "character {at}: `[]` lists no character"),
            SyntaxErrorKind::BadRange(a, b) => write!(
                f,
                "character {at}: range `{a}-{b}` must run upwards within a-z, A-Z or 0-9"
            ),
            SyntaxErrorKind::NothingToRepeat(c) => write!(
                f,
                "character {at}: `{c}` repeats the character before it, and there is none"
            ),
        }
    }
}

/// How one pattern is answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Compiled {
    /// A literal path (escapes removed).
    Exact(String),
    /// A literal directory followed by `/**`: every path below it.
    Below(String),
    /// `**/*text`: every path whose last segment ends with `text` (no `/`),
    /// and the regular expression, used once too many such patterns exist.
    SegmentEnds(String, String),
    /// `*text`: every top-level path (no `/`) that ends with `text` (no
    /// `/`), and the regular expression.
    TopEnds(String, String),
    /// `dir/*text`: every path directly in the literal directory `dir`
    /// whose name ends with `text` (no `/`).
    InDir(String, String),
    /// Anything with a wildcard: an anchored regular expression.
    Wild(String),
}

/// What the translator emitted last, for `?` and `+`.
#[derive(Clone, Copy, PartialEq)]
enum Last {
    Nothing,
    /// One character or one class: `?` and `+` apply to it.
    Atom,
    /// `*` or `**`: `?` and `+` change nothing after them.
    Star,
    /// Already quantified.
    Repeated,
}

fn push_escaped(re: &mut String, c: char) {
    if regex_meta(c) {
        re.push('\\');
    }
    re.push(c);
}

fn regex_meta(c: char) -> bool {
    matches!(
        c,
        '\\' | '.'
            | '+'
            | '*'
            | '?'
            | '('
            | ')'
            | '|'
            | '['
            | ']'
            | '{'
            | '}'
            | '^'
            | '$'
            | '#'
            | '&'
            | '-'
            | '~'
    )
}

fn same_range_class(a: char, b: char) -> bool {
    (a.is_ascii_digit() && b.is_ascii_digit())
        || (a.is_ascii_lowercase() && b.is_ascii_lowercase())
        || (a.is_ascii_uppercase() && b.is_ascii_uppercase())
}

/// The text of a pattern with no wildcard, escapes removed; `None` if it has one.
fn literal(pattern: &[char]) -> Option<String> {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.iter();
    while let Some(&c) = chars.next() {
        match c {
            '\\' => out.push(*chars.next()?),
            '*' | '?' | '+' | '[' => return None,
            _ => out.push(c),
        }
    }
    Some(out)
}

/// The literal text every match of a pattern ends with, within its last
/// segment (possibly empty).
fn literal_suffix(pattern: &[char]) -> String {
    let mut start = pattern.len();
    while start > 0 && !matches!(pattern[start - 1], '*' | '?' | '+' | '[' | ']' | '\\' | '/') {
        start -= 1;
    }
    pattern[start..].iter().collect()
}

/// Translate one normalised pattern (without its `!`).
pub fn translate(pattern: &str) -> Result<Compiled, SyntaxError> {
    if let Some(compiled) = translate_plain(pattern) {
        return Ok(compiled);
    }
    translate_wild(pattern)
}

/// The common shapes, answered from their text: a path, `dir/**` and
/// `dir/*text`, without escapes or other wildcards (nothing in them can be
/// malformed, so no regular expression is written to check them). `None`
/// for anything else.
fn translate_plain(pattern: &str) -> Option<Compiled> {
    let special = |b: &u8| matches!(b, b'\\' | b'*' | b'?' | b'+' | b'[');
    // An ASCII byte is never inside a longer character: `star` is a boundary.
    let Some(star) = pattern.bytes().position(|b| special(&b)) else {
        return Some(Compiled::Exact(pattern.to_string()));
    };
    let (dir, rest) = pattern[..star].rsplit_once('/')?;
    if dir.is_empty() || !rest.is_empty() {
        return None;
    }
    let after = &pattern[star..];
    if after == "**" {
        return Some(Compiled::Below(dir.to_string()));
    }
    // `dir/*text`: the text after one `*` is plain and has no `/`.
    let text = after.strip_prefix('*')?;
    let plain = !text.bytes().any(|b| special(&b) || b == b'/');
    plain.then(|| Compiled::InDir(dir.to_string(), text.to_string()))
}

/// The patterns [`translate_plain`] does not answer.
fn translate_wild(pattern: &str) -> Result<Compiled, SyntaxError> {
    let chars: Vec<char> = pattern.chars().collect();
    let wild = wild_regex(&chars)?;
    if let Some(text) = literal(&chars) {
        return Ok(Compiled::Exact(text));
    }
    if let Some(dir) = chars.strip_suffix(&['/', '*', '*']) {
        if let Some(text) = literal(dir).filter(|t| !t.is_empty()) {
            return Ok(Compiled::Below(text));
        }
    }
    // `(?:.*/)?[^/]*text$` and `[^/]*text$`: a string test on the last segment.
    let ending = |rest: &[char]| literal(rest).filter(|t| !t.contains('/'));
    if let Some(rest) = chars.strip_prefix(&['*', '*', '/', '*']) {
        if let Some(text) = ending(rest) {
            return Ok(Compiled::SegmentEnds(text, wild));
        }
    }
    if let Some(rest) = chars
        .strip_prefix(&['*'])
        .filter(|r| r.first() != Some(&'*'))
    {
        if let Some(text) = ending(rest) {
            return Ok(Compiled::TopEnds(text, wild));
        }
    }
    // `[^/]*text$` after a literal directory: a string test in that directory.
    if let Some(slash) = chars.iter().rposition(|c| *c == '/') {
        let (dir, rest) = (&chars[..slash], &chars[slash + 1..]);
        if let Some(rest) = rest
            .strip_prefix(&['*'])
            .filter(|r| r.first() != Some(&'*'))
        {
            // A directory that reads as literal text also ends unescaped,
            // so the `/` after it is a separator.
            if let (Some(dir), Some(text)) = (literal(dir).filter(|d| !d.is_empty()), ending(rest))
            {
                return Ok(Compiled::InDir(dir, text));
            }
        }
    }
    Ok(Compiled::Wild(wild))
}

/// The anchored regular expression for one normalised pattern, whatever its
/// kind (the fuzz target's oracle compiles each pattern alone with it).
pub fn regex_for(pattern: &str) -> Result<String, SyntaxError> {
    wild_regex(&pattern.chars().collect::<Vec<_>>())
}

/// The anchored regular expression for a pattern; also validates it.
fn wild_regex(chars: &[char]) -> Result<String, SyntaxError> {
    let mut re = String::from("(?s)^");
    let mut last = Last::Nothing;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                let escaped = *chars.get(i + 1).ok_or(SyntaxError {
                    kind: SyntaxErrorKind::TrailingEscape,
                    at: i,
                })?;
                push_escaped(&mut re, escaped);
                last = Last::Atom;
                i += 2;
            }
            '*' if chars.get(i + 1) == Some(&'*') => {
                let segment_start = i == 0 || chars[i - 1] == '/';
                if segment_start && chars.get(i + 2) == Some(&'/') {
                    // `**/` also matches no directory at all: `**/docs/**` matches `docs/x`.
                    re.push_str("(?:.*/)?");
                    i += 3;
                } else {
                    re.push_str(".*");
                    i += 2;
                }
                last = Last::Star;
            }
            '*' => {
                re.push_str("[^/]*");
                last = Last::Star;
                i += 1;
            }
            '?' | '+' => {
                match last {
                    Last::Atom => {
                        re.push(c);
                        last = Last::Repeated;
                    }
                    Last::Star => {}
                    Last::Nothing | Last::Repeated => {
                        return Err(SyntaxError {
                            kind: SyntaxErrorKind::NothingToRepeat(c),
                            at: i,
                        })
                    }
                }
                i += 1;
            }
            '[' => {
                i = class(chars, i, &mut re)?;
                last = Last::Atom;
            }
            _ => {
                push_escaped(&mut re, c);
                last = Last::Atom;
                i += 1;
            }
        }
    }
    re.push('$');
    Ok(re)
}

/// Translate the class opening at `open`; returns the index after its `]`.
fn class(chars: &[char], open: usize, re: &mut String) -> Result<usize, SyntaxError> {
    let mut members: Vec<char> = Vec::new();
    let mut ranges: Vec<(char, char)> = Vec::new();
    let mut i = open + 1;
    loop {
        let c = *chars.get(i).ok_or(SyntaxError {
            kind: SyntaxErrorKind::UnclosedClass,
            at: open,
        })?;
        match c {
            ']' => break,
            '\\' => {
                members.push(*chars.get(i + 1).ok_or(SyntaxError {
                    kind: SyntaxErrorKind::TrailingEscape,
                    at: i,
                })?);
                i += 2;
            }
            _ if chars.get(i + 1) == Some(&'-') && chars.get(i + 2).is_some_and(|e| *e != ']') => {
                let end = chars[i + 2];
                if !same_range_class(c, end) || end < c {
                    return Err(SyntaxError {
                        kind: SyntaxErrorKind::BadRange(c, end),
                        at: i,
                    });
                }
                ranges.push((c, end));
                i += 3;
            }
            _ => {
                members.push(c);
                i += 1;
            }
        }
    }
    if members.is_empty() && ranges.is_empty() {
        return Err(SyntaxError {
            kind: SyntaxErrorKind::EmptyClass,
            at: open,
        });
    }
    re.push('[');
    for c in members {
        push_escaped(re, c);
    }
    for (a, b) in ranges {
        re.push(a);
        re.push('-');
        re.push(b);
    }
    re.push(']');
    Ok(i + 1)
}

/// Collects pattern lists before compiling them together.
#[derive(Default)]
pub struct Builder {
    /// Each pattern translated once, when first added; its id is its index.
    compiled: Vec<Compiled>,
    /// Each pattern's text (kept only here until the build) and id.
    glob_ids: Map<String, usize>,
    /// Each list (kept only here until the build) and id.
    list_ids: Map<Vec<(usize, bool)>, ListId>,
}

/// No glob (the end of a chain, or none met yet).
const NONE: usize = usize::MAX;

/// Most distinct literal suffixes checked before running the automaton.
const MAX_SUFFIXES: usize = 16;

/// Most `**/*text` and `*text` patterns answered by string tests.
const MAX_ENDS: usize = 32;

/// Longest accepted pattern (after templates are filled), in bytes.
pub const MAX_PATTERN: usize = 1024;

/// A pattern that failed to compile: its index in the list given and why.
#[derive(Debug)]
pub struct BadPattern {
    pub index: usize,
    pub why: String,
    /// Over [`MAX_PATTERN`] rather than malformed.
    pub too_long: bool,
    /// The syntax error, with the offending character's position.
    pub syntax: Option<SyntaxError>,
}

impl BadPattern {
    /// The authoring problem, at the position the pattern was written.
    pub fn problem(&self, file: &str, pos: crate::error::Pos, text: &str) -> crate::error::Problem {
        if self.too_long {
            let message = format!(
                "a path pattern is {} bytes; the limit is {MAX_PATTERN}",
                text.len()
            );
            return crate::error::Problem::new(
                crate::error::ProblemKind::Limit,
                file,
                pos,
                message,
                "shorten the pattern, or the field values its template uses",
            );
        }
        crate::error::Problem::new(
            crate::error::ProblemKind::Glob,
            file,
            pos,
            format!("invalid path pattern {}: {}", crate::error::quote(text), self.why),
            "path patterns use the syntax of a workflow's `paths` filter; escape a literal `*`, `?`, `+`, `[` or `\\` with a backslash",
        )
    }
}

impl Builder {
    /// Add a list (patterns as written, `!` for excludes). Identical lists share an id.
    pub fn add(&mut self, patterns: &[String]) -> Result<ListId, BadPattern> {
        let mut list = Vec::with_capacity(patterns.len());
        for (index, raw) in patterns.iter().enumerate() {
            let (negated, body) = match raw.strip_prefix('!') {
                Some(rest) => (true, rest),
                None => (false, raw.as_str()),
            };
            let glob = normalize(body);
            let id = match self.glob_ids.get(&*glob) {
                Some(id) => *id,
                None => {
                    if glob.len() > MAX_PATTERN {
                        return Err(BadPattern {
                            index,
                            why: format!("longer than {MAX_PATTERN} bytes"),
                            too_long: true,
                            syntax: None,
                        });
                    }
                    let compiled = translate(&glob).map_err(|e| BadPattern {
                        index,
                        why: e.to_string(),
                        too_long: false,
                        syntax: Some(e),
                    })?;
                    let id = self.compiled.len();
                    self.compiled.push(compiled);
                    self.glob_ids.insert(glob.into_owned(), id);
                    id
                }
            };
            list.push((id, negated));
        }
        if let Some(id) = self.list_ids.get(&list) {
            return Ok(*id);
        }
        let id = self.list_ids.len();
        self.list_ids.insert(list, id);
        Ok(id)
    }

    /// Compile every list, the wildcard automaton included. A failure here
    /// (the automaton's size limits) is an error, never an empty set that
    /// would match nothing.
    pub fn build(self) -> Result<Lists, String> {
        let lists = self.build_deferred();
        lists.ready()?;
        Ok(lists)
    }

    /// Compile every list but the wildcard automaton, which is built on the
    /// first [`Lists::ready`] or match: a run that matches no path (a run-all)
    /// never pays for it. Call [`Lists::ready`] before matching, to get its
    /// failure as an error.
    pub fn build_deferred(self) -> Lists {
        let mut exact: Map<String, usize> = Map::default();
        let mut below: Map<String, usize> = Map::default();
        let mut same = vec![NONE; self.compiled.len()];
        // The first pattern of a text is the map's; any later one is
        // chained from it (distinct patterns rarely mean the same text).
        let mut chain = |map: &mut Map<String, usize>, text: String, id: usize| {
            if let Some(first) = map.insert(text, id) {
                same[id] = first;
            }
        };
        let mut in_dir: Map<String, Vec<(String, usize)>> = Map::default();
        let mut ends = Vec::new();
        let mut wild = Vec::new();
        let mut wild_ids = Vec::new();
        let mut suffixes: Vec<String> = Vec::new();
        let mut every_wild_has_suffix = true;
        // Texts and lists leave their maps for vectors indexed by id.
        let mut globs = vec![String::new(); self.compiled.len()];
        for (glob, id) in self.glob_ids {
            globs[id] = glob;
        }
        let mut lists = vec![Vec::new(); self.list_ids.len()];
        for (list, id) in self.list_ids {
            lists[id] = list;
        }
        for (id, compiled) in self.compiled.into_iter().enumerate() {
            match compiled {
                Compiled::Exact(text) => chain(&mut exact, text, id),
                Compiled::Below(dir) => chain(&mut below, dir, id),
                Compiled::InDir(dir, text) => in_dir.entry(dir).or_default().push((text, id)),
                Compiled::SegmentEnds(text, _) if ends.len() < MAX_ENDS => {
                    ends.push((text, false, id))
                }
                Compiled::TopEnds(text, _) if ends.len() < MAX_ENDS => ends.push((text, true, id)),
                // Beyond that many, one automaton run beats a string test each.
                Compiled::Wild(re) | Compiled::SegmentEnds(_, re) | Compiled::TopEnds(_, re) => {
                    let suffix = literal_suffix(&globs[id].chars().collect::<Vec<_>>());
                    every_wild_has_suffix &= !suffix.is_empty();
                    if !suffixes.contains(&suffix) && suffixes.len() <= MAX_SUFFIXES {
                        suffixes.push(suffix);
                    }
                    wild.push(re);
                    wild_ids.push(id);
                }
            }
        }
        // Per glob, the lists whose last use of it includes (is not `!`),
        // each once and in order: counted, then written into one vector.
        // Patterns are read from the end, so a glob's first sight in a list
        // is its last use there.
        let mut include_from = vec![0; globs.len() + 1];
        let mut last = vec![NONE; globs.len()];
        for (list, patterns) in lists.iter().enumerate() {
            for (glob, negated) in patterns.iter().rev() {
                if last[*glob] != list {
                    last[*glob] = list;
                    include_from[*glob + 1] += usize::from(!negated);
                }
            }
        }
        for g in 0..globs.len() {
            include_from[g + 1] += include_from[g];
        }
        let mut include_lists = vec![0; include_from[globs.len()]];
        let mut at = include_from.clone();
        last.fill(NONE);
        for (list, patterns) in lists.iter().enumerate() {
            for (glob, negated) in patterns.iter().rev() {
                if last[*glob] != list {
                    last[*glob] = list;
                    if !negated {
                        include_lists[at[*glob]] = list;
                        at[*glob] += 1;
                    }
                }
            }
        }
        // A path that ends with none of the wildcards' literal suffixes
        // (`_test.go`, `.md`) cannot match: skip the automaton for it.
        let suffixes =
            (every_wild_has_suffix && suffixes.len() <= MAX_SUFFIXES).then_some(suffixes);
        Lists {
            exact,
            below,
            in_dir,
            ends,
            wild,
            automaton: OnceCell::new(),
            suffixes,
            wild_ids,
            same,
            include_from,
            include_lists,
            count: lists.len(),
            patterns: lists,
            globs,
        }
    }
}

/// Compiled pattern lists.
pub struct Lists {
    /// Literal paths → the first pattern naming them (others via `same`).
    exact: Map<String, usize>,
    /// Literal directories (pattern `dir/**`) → the first pattern naming
    /// them (others via `same`).
    below: Map<String, usize>,
    /// Per glob in `exact` or `below`: the next glob of the same text, or [`NONE`].
    same: Vec<usize>,
    /// Literal directories (pattern `dir/*text`) → the text names there end
    /// with, and the pattern.
    in_dir: Map<String, Vec<(String, usize)>>,
    /// `**/*text` (`false`) and `*text` (`true`: top level only) patterns:
    /// the text the last segment ends with, and the pattern.
    ends: Vec<(String, bool, usize)>,
    /// Every other pattern, as a regular expression; its ids map through `wild_ids`.
    wild: Vec<String>,
    /// `wild` in one automaton, built on first use (`None`: no wildcards).
    automaton: OnceCell<Result<Option<meta::Regex>, String>>,
    /// When every wildcard ends with literal text: those endings.
    suffixes: Option<Vec<String>>,
    wild_ids: Vec<usize>,
    /// For each glob, `include_lists[include_from[g]..include_from[g + 1]]`:
    /// the lists where its last use includes paths (is not written with
    /// `!`), in list order, each once. A list including a path has one: the
    /// glob of its last matching pattern.
    include_from: Vec<usize>,
    include_lists: Vec<ListId>,
    count: usize,
    patterns: Vec<Vec<(usize, bool)>>,
    globs: Vec<String>,
}

impl Lists {
    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Build the wildcard automaton if it is not built yet; its failure
    /// (the automaton's size limits) is returned every time it is asked.
    pub fn ready(&self) -> Result<(), String> {
        self.automaton().map(|_| ())
    }

    fn automaton(&self) -> Result<Option<&meta::Regex>, String> {
        let built = self.automaton.get_or_init(|| {
            if self.wild.is_empty() {
                return Ok(None);
            }
            meta::Regex::builder()
                .configure(meta::Config::new().match_kind(MatchKind::All))
                .build_many(&self.wild)
                .map(Some)
                .map_err(|e| e.to_string())
        });
        built.as_ref().map(Option::as_ref).map_err(Clone::clone)
    }

    /// Every pattern (glob id) that matches `path`, into `out`.
    fn matching_globs(&self, path: &str, out: &mut Vec<usize>, set: &mut Option<PatternSet>) {
        let same = |mut id: usize, out: &mut Vec<usize>| {
            while id != NONE {
                out.push(id);
                id = self.same[id];
            }
        };
        if let Some(id) = self.exact.get(path) {
            same(*id, out);
        }
        if !self.below.is_empty() {
            for (i, _) in path.match_indices('/') {
                if let Some(id) = self.below.get(&path[..i]) {
                    same(*id, out);
                }
            }
        }
        if !self.in_dir.is_empty() {
            if let Some(i) = path.rfind('/') {
                let last = &path[i + 1..];
                for (text, id) in self.in_dir.get(&path[..i]).into_iter().flatten() {
                    if last.ends_with(text.as_str()) {
                        out.push(*id);
                    }
                }
            }
        }
        if !self.ends.is_empty() {
            let (top, last) = match path.rfind('/') {
                Some(i) => (false, &path[i + 1..]),
                None => (true, path),
            };
            for (text, top_only, id) in &self.ends {
                if (top || !top_only) && last.ends_with(text.as_str()) {
                    out.push(*id);
                }
            }
        }
        let possible = self
            .suffixes
            .as_ref()
            .is_none_or(|s| s.iter().any(|x| path.ends_with(x.as_str())));
        if !possible || self.wild.is_empty() {
            return;
        }
        // Callers check `ready` first; a failed automaton never answers with
        // a partial match.
        let automaton = self
            .automaton()
            .expect("the wildcard automaton is checked with `ready` before matching");
        if let Some(re) = automaton {
            let set = match set {
                Some(s) if s.capacity() == re.pattern_len() => s,
                _ => set.insert(PatternSet::new(re.pattern_len())),
            };
            set.clear();
            re.which_overlapping_matches(&Input::new(path).anchored(Anchored::Yes), set);
            out.extend(set.iter().map(|p| self.wild_ids[p.as_usize()]));
        }
    }

    /// The lists that include `path` (their last matching pattern is not `!`).
    /// `scratch` is reused between calls to avoid allocation; the answer is
    /// kept in it until the next call.
    pub fn matching<'s>(&self, path: &str, scratch: &'s mut Scratch) -> &'s [ListId] {
        scratch.globs.clear();
        self.matching_globs(path, &mut scratch.globs, &mut scratch.set);
        // Only a list whose last use of a matched glob includes can include
        // the path, so the lists an exclude like `!**/*.md` belongs to
        // (hundreds in templated configs) are never gathered.
        scratch.lists.clear();
        let mut runs = 0;
        for g in &scratch.globs {
            let lists = &self.include_lists[self.include_from[*g]..self.include_from[*g + 1]];
            if !lists.is_empty() {
                scratch.lists.extend_from_slice(lists);
                runs += 1;
            }
        }
        if runs > 1 {
            scratch.lists.sort_unstable();
            scratch.lists.dedup();
        }
        // With one glob matched, its last use decides each of its lists.
        if scratch.lists.is_empty() || scratch.globs.len() == 1 {
            return &scratch.lists;
        }
        // Per list, the last of its patterns that matched decides.
        if scratch.matched.len() < self.globs.len() {
            scratch.matched.resize(self.globs.len(), false);
        }
        for g in &scratch.globs {
            scratch.matched[*g] = true;
        }
        let matched = &scratch.matched;
        scratch.lists.retain(|list| {
            let last = self.patterns[*list].iter().rev().find(|(g, _)| matched[*g]);
            last.is_some_and(|(_, negated)| !negated)
        });
        for g in &scratch.globs {
            scratch.matched[*g] = false;
        }
        &scratch.lists
    }

    /// The written patterns of a list (for explanations and lint).
    pub fn patterns(&self, list: ListId) -> Vec<String> {
        self.patterns.get(list).map_or_else(Vec::new, |ps| {
            ps.iter()
                .map(|(g, neg)| format!("{}{}", if *neg { "!" } else { "" }, self.globs[*g]))
                .collect()
        })
    }
}

/// Reusable buffers for [`Lists::matching`].
#[derive(Default)]
pub struct Scratch {
    globs: Vec<usize>,
    /// Per glob: whether it matched the current path (all `false` between calls).
    matched: Vec<bool>,
    lists: Vec<ListId>,
    set: Option<PatternSet>,
}

/// The problem for a glob that does not compile.
pub fn bad_glob(
    file: &str,
    pos: crate::error::Pos,
    text: &str,
    why: &str,
) -> crate::error::Problem {
    crate::error::Problem::new(
        crate::error::ProblemKind::Glob,
        file,
        pos,
        format!("invalid glob {}: {why}", crate::error::quote(text)),
        "check brackets and braces; escape a literal `*`, `?`, `[` or `{` with a backslash",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A plain path and a plain `dir/**` are answered by their text, as the
    /// general path (escapes removed) answers the same shapes.
    #[test]
    fn plain_patterns_are_text() {
        let exact = |t: &str| Ok(Compiled::Exact(t.into()));
        let below = |t: &str| Ok(Compiled::Below(t.into()));
        assert_eq!(translate("a/b.txt"), exact("a/b.txt"));
        assert_eq!(translate("a/{x,y}]/c"), exact("a/{x,y}]/c"));
        assert_eq!(translate("a\\*b"), exact("a*b"));
        assert_eq!(translate("a/b/**"), below("a/b"));
        assert_eq!(translate("a\\[/**"), below("a["));
        assert!(matches!(translate("/**"), Ok(Compiled::Wild(_))));
        assert!(matches!(translate("a/**/**"), Ok(Compiled::Wild(_))));
    }

    /// The shapes answered from their text translate as the general path
    /// translates them, and the general path is left everything else.
    #[test]
    fn plain_shapes_agree_with_the_general_path() {
        let patterns = [
            "a/b.txt",
            "a/b/**",
            "a/b/*",
            "a/b/*.toml",
            "a//**",
            "a/b/*x*",
            "a/b/**x",
            "a/b*",
            "/**",
            "**",
            "*",
            "*.md",
            "a/*/b",
            "a/b/*\\.x",
            "é/*é",
            "a/{x}]/*.y",
            "a/b/*?",
            "a/b/*x/",
            "a\\[/**",
            "a/b/*+",
            "a/[bc]/*.x",
            "./a/*.x",
            "a/b/***",
        ];
        let mut answered = 0;
        for p in patterns {
            if let Some(plain) = translate_plain(p) {
                answered += 1;
                assert_eq!(translate_wild(p), Ok(plain), "{p}");
            }
        }
        assert_eq!(answered, 8);
    }

    fn lists(specs: &[&[&str]]) -> (Lists, Vec<ListId>) {
        let mut b = Builder::default();
        let ids = specs
            .iter()
            .map(|s| {
                b.add(&s.iter().map(|p| p.to_string()).collect::<Vec<_>>())
                    .unwrap()
            })
            .collect();
        (b.build().unwrap(), ids)
    }

    fn hits(l: &Lists, path: &str) -> Vec<ListId> {
        l.matching(path, &mut Scratch::default()).to_vec()
    }

    #[test]
    fn star_does_not_cross_slash_but_double_star_does() {
        let (l, ids) = lists(&[&["src/*.rs"], &["src/**"]]);
        assert_eq!(hits(&l, "src/a.rs"), ids);
        assert_eq!(hits(&l, "src/x/a.rs"), vec![ids[1]]);
        assert_eq!(hits(&l, "src/.hidden.rs"), ids);
    }

    #[test]
    fn later_negation_wins_and_can_be_undone() {
        let (l, ids) = lists(&[
            &["pkg/**", "!**/*_test.go"],
            &["pkg/**", "!**/*_test.go", "pkg/keep_test.go"],
        ]);
        assert_eq!(hits(&l, "pkg/a.go"), ids);
        assert!(hits(&l, "pkg/x/a_test.go").is_empty());
        assert_eq!(hits(&l, "pkg/keep_test.go"), vec![ids[1]]);
    }

    #[test]
    fn normalisation_and_sharing() {
        assert_eq!(
            normalize("./backend/Dockerfile.python"),
            "backend/Dockerfile.python"
        );
        assert_eq!(normalize("backend/python/"), "backend/python/**");
        let (l, ids) = lists(&[&["./a/"], &["a/**"]]);
        assert_eq!(ids[0], ids[1]);
        assert_eq!(l.len(), 1);
        assert_eq!(hits(&l, "a/b/c"), vec![ids[0]]);
        assert!(hits(&l, "ab/c").is_empty());
    }

    #[test]
    fn escaped_metacharacters_match_literally() {
        let (l, ids) = lists(&[&["x/a\\*b/**"]]);
        assert_eq!(hits(&l, "x/a*b/c"), ids);
        assert!(hits(&l, "x/aZb/c").is_empty());
    }

    /// Wildcard patterns too many to compile together: distinct, each as
    /// long as allowed, `*` after `*`.
    pub(crate) fn oversized(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| format!("d{i}/{}", "*x".repeat(MAX_PATTERN / 2 - 4)))
            .collect()
    }

    #[test]
    fn the_automaton_is_built_only_when_asked() {
        let mut b = Builder::default();
        b.add(&oversized(40)).unwrap();
        b.add(&["lit/**".to_string()]).unwrap();
        let l = b.build_deferred();
        assert!(l.automaton.get().is_none());
        let err = l.ready().unwrap_err();
        assert!(err.contains("NFA"), "{err}");
        assert_eq!(l.ready().unwrap_err(), err);

        let mut b = Builder::default();
        b.add(&oversized(40)).unwrap();
        assert!(b.build().is_err());

        let (l, ids) = lists(&[&["lit/**"], &["**/*.md"]]);
        assert!(l.automaton.get().is_some());
        assert_eq!(hits(&l, "lit/a.md"), ids);
    }

    #[test]
    fn last_segment_endings_match_like_their_regex() {
        let globs = ["**/*_test.go", "*.md", "**/*", "*", "**/*\\*x", "*é"];
        let paths = [
            "a_test.go",
            "x/a_test.go",
            "x/y/_test.go",
            "x/a_test.go/b",
            "README.md",
            "docs/a.md",
            "a.md/",
            "",
            "/",
            "a/",
            "x/y*x",
            "y*x",
            "é",
            "a/é",
            "a_test.gox",
        ];
        // Few (string tests) and many (past MAX_ENDS, in the automaton).
        for extra in [0, MAX_ENDS] {
            let mut b = Builder::default();
            for i in 0..extra {
                b.add(&[format!("**/*.x{i}")]).unwrap();
            }
            let ids: Vec<ListId> = globs
                .iter()
                .map(|g| b.add(&[g.to_string()]).unwrap())
                .collect();
            let l = b.build().unwrap();
            assert_eq!(l.ends.len(), globs.len().max(extra));
            assert_eq!(l.wild.len(), if extra == 0 { 0 } else { globs.len() });
            for (g, id) in globs.iter().zip(&ids) {
                let re = regex_automata::meta::Regex::new(&regex_for(g).unwrap()).unwrap();
                for p in paths {
                    assert_eq!(
                        hits(&l, p).contains(id),
                        re.is_match(p),
                        "{g} on {p:?} ({extra} more)"
                    );
                }
            }
        }
    }

    #[test]
    fn endings_in_a_directory_match_like_their_regex() {
        let globs = [
            "src/*.rs",
            "a/b/*",
            "a/b/*_test.go",
            "x\\*y/*z",
            "d\\\\/*q",
            "é/*é",
            "a/b\\/*x",
            "a/*/*.rs",
        ];
        let paths = [
            "src/a.rs",
            "src/.rs",
            "src/x/a.rs",
            "src/a.rsx",
            "srcx/a.rs",
            "a/b/",
            "a/b/c",
            "a/b/c/d",
            "a/b/x_test.go",
            "a/b/c/x_test.go",
            "x*y/az",
            "x*y/a/z",
            "xay/z",
            "d\\/1q",
            "é/aé",
            "é/a/é",
            "a/b/x",
            "a/b/cx",
            "a/c/d.rs",
        ];
        let mut b = Builder::default();
        let ids: Vec<ListId> = globs
            .iter()
            .map(|g| b.add(&[g.to_string()]).unwrap())
            .collect();
        let l = b.build().unwrap();
        // Only the escaped `/` and the `*` in the middle need the automaton.
        assert_eq!(l.wild.len(), 2, "{:?}", l.wild);
        for (g, id) in globs.iter().zip(&ids) {
            let re = regex_automata::meta::Regex::new(&regex_for(g).unwrap()).unwrap();
            for p in paths {
                assert_eq!(hits(&l, p).contains(id), re.is_match(p), "{g} on {p:?}");
            }
        }
    }

    /// Every list of up to three patterns from a pool of includes and
    /// excludes (repeats, and distinct patterns of the same text, too),
    /// against each path: a list includes a path
    /// exactly when the last of its patterns whose own regex matches is not
    /// an exclude, and the lists come in ascending order.
    #[test]
    fn the_last_matching_pattern_decides_for_every_list() {
        let pool = [
            "a/**", "!a/**", "**/*.md", "!**/*.md", "a/b.md", "!a/b.md", "a/*", "!a/x/**", "*.md",
            // The same texts as patterns above, written with escapes.
            "a/b\\.md", "!\\a/**",
            // The only patterns matching `q/r`: one glob, included then excluded.
            "q/**", "!q/**",
        ];
        let paths = [
            "a/b.md", "a/x/c.md", "a/x/c.rs", "b.md", "a/c", "c/d", "q/r",
        ];
        let mut specs: Vec<Vec<&str>> = Vec::new();
        for a in 0..pool.len() {
            specs.push(vec![pool[a]]);
            for b in 0..pool.len() {
                specs.push(vec![pool[a], pool[b]]);
                for c in (0..pool.len()).step_by(2) {
                    specs.push(vec![pool[a], pool[b], pool[c]]);
                }
            }
        }
        let mut b = Builder::default();
        let ids: Vec<ListId> = specs
            .iter()
            .map(|s| {
                b.add(&s.iter().map(|p| p.to_string()).collect::<Vec<_>>())
                    .unwrap()
            })
            .collect();
        let l = b.build().unwrap();
        let matches = |glob: &str, path: &str| {
            let re = regex_for(glob.trim_start_matches('!')).unwrap();
            regex_automata::meta::Regex::new(&re)
                .unwrap()
                .is_match(path)
        };
        let mut scratch = Scratch::default();
        for path in paths {
            let mut expected: Vec<ListId> = specs
                .iter()
                .zip(&ids)
                .filter(|(s, _)| {
                    let last = s.iter().rev().find(|g| matches(g, path));
                    last.is_some_and(|g| !g.starts_with('!'))
                })
                .map(|(_, id)| *id)
                .collect();
            expected.sort_unstable();
            expected.dedup();
            assert_eq!(l.matching(path, &mut scratch), expected, "{path}");
        }
    }

    #[test]
    fn bad_patterns_report_their_index() {
        let mut b = Builder::default();
        let e = b
            .add(&["ok/**".to_string(), "bad/[".to_string()])
            .unwrap_err();
        assert_eq!(e.index, 1);
    }
}
