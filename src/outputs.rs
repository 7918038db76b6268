//! Outputs: partitions, shards and grouped matrices, per-name flags, and the
//! job summary. Every value is a string ready for `core.setOutput`; matrices
//! are compact JSON (`{"include":[...]}`), never an empty string.

use crate::config::{Config, Partition, MAX_MATRIX};
use crate::error::{quote, Problem, ProblemKind};
use crate::hash::Map;
use crate::json;
use crate::matrix::{Entry, FieldKeys, Matrix};
use crate::rules::Rules;
use crate::select::{Selection, Why};
use crate::template::{verbatim, Template};
use crate::yaml::Scalar;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::hash_map::Entry as Slot;

/// An entry as reported in results (not in outputs).
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "SelectedEntry"))]
#[derive(Debug, Clone, Serialize)]
pub struct Selected {
    pub list: String,
    pub index: usize,
    pub line: usize,
    pub name: String,
    pub key: String,
    pub why: Vec<Why>,
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "Partition"))]
#[derive(Debug, Clone, Serialize)]
pub struct PartitionResult {
    pub id: String,
    pub entries: Vec<Selected>,
}

/// Everything to write, in order.
#[derive(Debug, Default)]
pub struct Rendered {
    pub outputs: Vec<(String, String)>,
    pub partitions: Vec<PartitionResult>,
    pub warnings: Vec<String>,
}

/// The output naming the commit the changes were computed against; empty when
/// nothing was compared (run-all, nothing).
pub const BASE_SHA: &str = "base-sha";

/// Names the action writes whatever the config says; a template may not make them.
const RESERVED: &[&str] = &[BASE_SHA];

/// Collects outputs, refusing unsafe or duplicate names. The runner stores
/// step outputs case-insensitively (a later `HAS-ENTRIES` overwrites
/// `has-entries`), so names are compared in ASCII lower case.
struct Writer<'a> {
    file: &'a str,
    out: Vec<(String, String)>,
    /// Lower-cased name → the output of that name in `out` and the template
    /// that made it.
    seen: Map<String, (usize, &'a Template)>,
}

impl<'a> Writer<'a> {
    fn put<'v>(
        &mut self,
        tpl: &'a Template,
        lookup: &dyn Fn(&str) -> Option<Cow<'v, str>>,
        value: String,
    ) -> Result<(), Problem> {
        let name =
            tpl.expand_or_problem(self.file, |f| lookup(f), verbatim, || "this output".into())?;
        if name.is_empty()
            || !name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(Problem::new(
                ProblemKind::OutputName,
                self.file,
                tpl.pos,
                format!("output name {} is not safe: output names may only hold letters, digits, `-` and `_`", quote(&name)),
                "change the template, or the matrix values it uses",
            ));
        }
        if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(&name)) {
            return Err(Problem::new(
                ProblemKind::OutputName,
                self.file,
                tpl.pos,
                format!(
                    "output name {} is reserved: the action always writes it (GitHub compares output names case-insensitively)",
                    quote(&name)
                ),
                "change the template so it cannot produce this name",
            ));
        }
        match self.seen.entry(name.to_ascii_lowercase()) {
            Slot::Occupied(first) => {
                let (at, other_tpl) = first.get();
                let other = &self.out[*at].0;
                let other_pos = other_tpl.pos;
                let other_tpl = &other_tpl.source;
                let message = if *other == name {
                    format!(
                        "two outputs are named {} (templates {} at {}:{} and {})",
                        quote(&name),
                        quote(other_tpl),
                        other_pos.line,
                        other_pos.column,
                        quote(&tpl.source)
                    )
                } else {
                    format!(
                        "output {} collides with {} (templates {} at {}:{} and {}): GitHub compares output names case-insensitively",
                        quote(&name),
                        quote(other),
                        quote(other_tpl),
                        other_pos.line,
                        other_pos.column,
                        quote(&tpl.source)
                    )
                };
                return Err(Problem::new(
                    ProblemKind::OutputName,
                    self.file,
                    tpl.pos,
                    message,
                    "make the names differ in more than letter case, e.g. include `{shard}` in sharded partitions",
                ));
            }
            Slot::Vacant(slot) => {
                slot.insert((self.out.len(), tpl));
            }
        }
        self.out.push((name, value));
        Ok(())
    }
}

fn none<'v>(_: &str) -> Option<Cow<'v, str>> {
    None
}

fn flag(b: bool) -> String {
    (if b { "true" } else { "false" }).to_string()
}

/// `{"include":[...]}` from items already written as JSON.
fn matrix_json(items: &[String]) -> String {
    let mut out = String::with_capacity(16 + items.iter().map(|i| i.len() + 1).sum::<usize>());
    out.push_str("{\"include\":[");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(item);
    }
    out.push_str("]}");
    out
}

/// `{"include":[...]}` from the entries' precomputed JSON.
fn matrix_of(entries: &[&Entry]) -> String {
    let mut keys = FieldKeys::default();
    let mut out = String::with_capacity(
        16 + entries
            .iter()
            .map(|e| e.json_with(&mut keys).len() + 1)
            .sum::<usize>(),
    );
    out.push_str("{\"include\":[");
    for (i, e) in entries.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(e.json_with(&mut keys));
    }
    out.push_str("]}");
    out
}

/// Cut `n` items into `k` contiguous balanced shards; earlier shards take the remainder.
pub fn shard_bounds(n: usize, k: usize) -> Vec<(usize, usize)> {
    let k = k.max(1);
    let (base, rem) = (n / k, n % k);
    let mut start = 0;
    (0..k)
        .map(|i| {
            let len = base + usize::from(i < rem);
            let b = (start, start + len);
            start += len;
            b
        })
        .collect()
}

/// One item per distinct `by` value, in order of first appearance, carrying
/// fields from the group's first entry; warns when members disagree. Items
/// are compact JSON objects: `by` first, then each carried field once (a
/// missing one is `""`).
pub fn group_items(
    entries: &[&Entry],
    by: &str,
    carry: &[String],
    warnings: &mut Vec<String>,
) -> Vec<String> {
    let mut order: Vec<(Cow<'_, str>, &Entry)> = Vec::new();
    for e in entries {
        let Some(key) = e.text(by).filter(|k| !k.is_empty()) else {
            continue;
        };
        match order.iter().find(|(k, _)| *k == key) {
            None => order.push((key, e)),
            Some((k, first)) => {
                for field in carry {
                    if first.get(field) != e.get(field) {
                        warnings.push(format!(
                            "group {} disagrees on `{field}`: the first entry's value is used",
                            quote(k)
                        ));
                    }
                }
            }
        }
    }
    warnings.dedup();
    order
        .into_iter()
        .map(|(_, first)| {
            let mut item = String::from("{");
            json::push_str(&mut item, by);
            item.push(':');
            // The key is non-empty text, so the field is there.
            json::push_scalar(&mut item, first.get(by).unwrap_or(&Scalar::Null));
            for (i, field) in carry.iter().enumerate() {
                if field == by || carry[..i].contains(field) {
                    continue;
                }
                item.push(',');
                json::push_str(&mut item, field);
                item.push(':');
                match first.get(field) {
                    Some(v) => json::push_scalar(&mut item, v),
                    None => item.push_str("\"\""),
                }
            }
            item.push('}');
            item
        })
        .collect()
}

/// Render every output for a selection; `base` is the commit the changes
/// were compared against ("" when nothing was compared).
pub fn render(
    config: &Config,
    matrix: &Matrix,
    rules: &Rules,
    sel: &Selection,
    run_all: bool,
    reason: &str,
    base: &str,
) -> Result<Rendered, Problem> {
    let mut w = Writer {
        file: &config.file,
        out: Vec::new(),
        seen: Map::default(),
    };
    let mut r = Rendered::default();
    if let Some(t) = &config.outputs.run_all {
        w.put(t, &none, flag(run_all))?;
    }
    if let Some(t) = &config.outputs.reason {
        w.put(t, &none, reason.to_string())?;
    }
    for p in &config.partitions {
        let mut members = Vec::new();
        let mut everyone = 0;
        for (e, entry) in matrix.entries.iter().enumerate() {
            if p.when.test(entry, matrix) {
                everyone += 1;
                if sel.selected[e] {
                    members.push(e);
                }
            }
        }
        fits(config, p, everyone)?;
        partition(&mut w, &mut r, matrix, p, &members)?;
        r.partitions.push(PartitionResult {
            id: p.id.clone(),
            entries: members
                .iter()
                .map(|e| describe(config, matrix, rules, sel, *e))
                .collect(),
        });
    }
    if let Some(t) = &config.outputs.names {
        let names: Vec<&String> = rules
            .names
            .iter()
            .zip(&sel.name_flags)
            .filter(|(_, f)| **f)
            .map(|(n, _)| n)
            .collect();
        let mut list = String::from("[");
        for (i, name) in names.iter().enumerate() {
            if i > 0 {
                list.push(',');
            }
            json::push_str(&mut list, name);
        }
        list.push(']');
        w.put(t, &none, list)?;
    }
    if let Some(t) = &config.outputs.name_flags {
        w.out.reserve(rules.names.len());
        w.seen.reserve(rules.names.len());
        for (name, on) in rules.names.iter().zip(&sel.name_flags) {
            let lookup = |f: &str| (f == "name").then_some(Cow::Borrowed(name.as_str()));
            w.put(t, &lookup, flag(*on))?;
        }
    }
    w.out.push((BASE_SHA.to_string(), base.to_string()));
    let total: usize = w.out.iter().map(|(k, v)| k.len() + v.len()).sum();
    if total > 800_000 {
        r.warnings.push(format!("outputs total {total} bytes; GitHub allows 1 MB per job: consider more partitions or fewer fields"));
    }
    r.outputs = w.out;
    Ok(r)
}

/// Every partition's shards fit GitHub's matrix limit on a full run (what
/// `render` checks on every run, for `lint`, which renders nothing).
pub fn partitions_fit(config: &Config, matrix: &Matrix) -> Result<(), Problem> {
    for p in &config.partitions {
        let everyone = matrix
            .entries
            .iter()
            .filter(|e| p.when.test(e, matrix))
            .count();
        fits(config, p, everyone)?;
    }
    Ok(())
}

/// A partition's shards must fit GitHub's matrix limit when every entry is
/// selected, whatever this run selects: checked only on what a run emits, a
/// partition grown too large would pass every small change and fail the
/// runs that must build everything (a schedule, a tag, a fallback), long
/// after the change that made it so. `everyone` counts the partition's
/// entries in the whole matrix.
fn fits(config: &Config, p: &Partition, everyone: usize) -> Result<(), Problem> {
    // shard_bounds gives the first shard the remainder: it is the largest.
    let largest = everyone.div_ceil(p.shards.max(1));
    if largest < MAX_MATRIX {
        return Ok(());
    }
    let whole = if p.shards > 1 {
        format!(
            "cut into {} shards, its largest matrix would hold {largest}",
            p.shards
        )
    } else {
        format!("its matrix would hold {largest}")
    };
    Err(Problem::new(
        ProblemKind::MatrixSize,
        &config.file,
        p.pos,
        format!(
            "partition `{}` has {everyone} entries in the matrix: on a full run {whole}, over the {} entries one matrix may hold here (GitHub runs at most 256 jobs per matrix)",
            p.id,
            MAX_MATRIX - 1
        ),
        if !p.written {
            format!(
                "the default partition holds every entry; write it with shards: `partitions: [{{ id: all, shards: {}, matrix: \"matrix-{{shard}}\", has-entries: \"has-entries-{{shard}}\" }}]`",
                everyone.div_ceil(MAX_MATRIX - 1)
            )
        } else {
            format!("set `shards: {}` (or more) on partition `{}`", everyone.div_ceil(MAX_MATRIX - 1), p.id)
        },
    ))
}

fn partition<'a>(
    w: &mut Writer<'a>,
    r: &mut Rendered,
    matrix: &Matrix,
    p: &'a Partition,
    members: &[usize],
) -> Result<(), Problem> {
    for (i, (start, end)) in shard_bounds(members.len(), p.shards)
        .into_iter()
        .enumerate()
    {
        let size = end - start;
        let shard = (i + 1).to_string();
        let id = p.id.clone();
        let lookup = move |f: &str| match f {
            "shard" => Some(Cow::Owned(shard.clone())),
            "id" => Some(Cow::Owned(id.clone())),
            _ => None,
        };
        let entries: Vec<&Entry> = members[start..end]
            .iter()
            .map(|e| &matrix.entries[*e])
            .collect();
        w.put(&p.matrix, &lookup, matrix_of(&entries))?;
        w.put(&p.has_entries, &lookup, flag(size > 0))?;
        if let Some(g) = &p.group {
            let items = group_items(&entries, &g.by, &g.carry, &mut r.warnings);
            let has = !items.is_empty();
            w.put(&g.matrix, &lookup, matrix_json(&items))?;
            w.put(&g.has_entries, &lookup, flag(has))?;
        }
    }
    Ok(())
}

fn describe(
    config: &Config,
    matrix: &Matrix,
    rules: &Rules,
    sel: &Selection,
    e: usize,
) -> Selected {
    let entry = &matrix.entries[e];
    Selected {
        list: matrix.lists.get(entry.list).cloned().unwrap_or_default(),
        index: entry.index,
        line: entry.pos.line,
        name: rules.entry_name[e]
            .map(|n| rules.names[n].clone())
            .unwrap_or_default(),
        key: config.entry_label(entry),
        why: sel.why[e].clone(),
    }
}

/// Untrusted text (a file name, a matrix value) for a table cell: JSON-quoted
/// in a code span, where Markdown makes nothing of it — no link, image,
/// e-mail address, HTML or emphasis; only the cell's `|` is escaped and a
/// backquote, which would end the span, written as `'`.
pub fn md(text: &str) -> String {
    let quoted = quote(text);
    let mut out = String::with_capacity(quoted.len() + 2);
    out.push('`');
    let mut start = 0;
    for (i, b) in quoted.bytes().enumerate() {
        let with = match b {
            b'|' => "\\|",
            b'`' => "'",
            _ => continue,
        };
        // Each is one byte long, so `i` is a boundary.
        out.push_str(&quoted[start..i]);
        out.push_str(with);
        start = i + 1;
    }
    out.push_str(&quoted[start..]);
    out.push('`');
    out
}

/// Append our own text, which may quote untrusted parts (a label, a file
/// name in a note), with what Markdown would act on neutralised: HTML (`&`,
/// `<`, `>`), table cells (`|`), links and images (`[`, `]`), the bare URLs
/// and e-mail addresses GitHub links by itself (the `:` of `https://`, the
/// `.` of `www.`; a zero-width space after `@`, as no escape stops those),
/// emphasis and strike-through (`*`, `_`, `~`), code spans (`` ` ``) and
/// the backslash that would undo an escape; line ends (`\n`, `\r`) become
/// spaces. A name from a fork's pull request must never become a link or an
/// image in the job summary, nor leave its table row.
fn push_md(out: &mut String, text: &str) {
    out.reserve(text.len());
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        // Most bytes are none of these: one table look-up decides.
        if !MD_SPECIAL[usize::from(b)] {
            continue;
        }
        let with = match b {
            b'@' => "@\u{200b}",
            b':' => "\\:",
            b'.' if i >= 3 && text.as_bytes()[i - 3..i].eq_ignore_ascii_case(b"www") => "\\.",
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'|' => "\\|",
            b'\\' => "\\\\",
            b'[' => "\\[",
            b']' => "\\]",
            b'*' => "\\*",
            b'_' => "\\_",
            b'~' => "\\~",
            // A backquote would open a code span that a later one closes,
            // leaving the text between (a fork's file name) outside it.
            b'`' => "\\`",
            // Either ends a line for Markdown: the text would leave its row.
            b'\n' | b'\r' => " ",
            _ => continue,
        };
        // Each of these characters is one byte long, so `i` is a boundary.
        out.push_str(&text[start..i]);
        out.push_str(with);
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

/// The bytes [`push_md`] may have to write otherwise.
const MD_SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let special = b"@:.&<>|\\[]*_~`\n\r";
    let mut i = 0;
    while i < special.len() {
        t[special[i] as usize] = true;
        i += 1;
    }
    t
};

/// The job summary: the decision, then each partition's entries with the why.
pub fn summary(
    decision: &str,
    reason: &str,
    detail: &str,
    partitions: &[PartitionResult],
    warnings: &[String],
    notes: &[String],
) -> String {
    const MAX_ROWS: usize = 100;
    let mut s = format!(
        "### changed-backends: {decision}\n\n**Reason:** `{reason}` — {}\n\n",
        md_plain(detail)
    );
    for p in partitions {
        s.push_str(&format!(
            "#### {} — {} entr{}\n\n",
            md_plain(&p.id),
            p.entries.len(),
            if p.entries.len() == 1 { "y" } else { "ies" }
        ));
        if p.entries.is_empty() {
            continue;
        }
        s.push_str("| entry | key | why |\n|---|---|---|\n");
        for e in p.entries.iter().take(MAX_ROWS) {
            let why: Vec<String> = e
                .why
                .iter()
                .map(|w| match &w.file {
                    Some(f) => format!("{} ← {}", md(f), md_plain(&w.rule)),
                    None => md_plain(&w.rule),
                })
                .collect();
            s.push_str(&format!(
                "| {} | {} | {} |\n",
                md(&e.name),
                md(&e.key),
                why.join("<br>")
            ));
        }
        if p.entries.len() > MAX_ROWS {
            s.push_str(&format!("\n… and {} more\n", p.entries.len() - MAX_ROWS));
        }
        s.push('\n');
    }
    // Warnings and notes come last but are kept whole when rows are cut.
    let mut tail = String::new();
    for w in warnings {
        tail.push_str(&format!("> warning: {}\n", md_plain(w)));
    }
    for n in notes {
        tail.push_str(&format!("> note: {}\n", md_plain(n)));
    }
    cap_summary(s, tail)
}

/// The most a job summary may hold here: GitHub drops a step's whole summary
/// over 1 MiB, so ours stops short of it. Rows are capped per partition, but
/// their file names are not (a fork may add a few 4,000-byte paths).
pub const MAX_SUMMARY: usize = 1_000_000;

/// `s` then `tail`; over [`MAX_SUMMARY`], `s` is cut after its last whole
/// line that leaves room for `tail` (itself cut to a quarter of the cap at
/// most) and a line saying so.
fn cap_summary(mut s: String, mut tail: String) -> String {
    if s.len() + tail.len() <= MAX_SUMMARY {
        s.push_str(&tail);
        return s;
    }
    if tail.len() > MAX_SUMMARY / 4 {
        let end = tail.as_bytes()[..MAX_SUMMARY / 4]
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        tail.truncate(end);
    }
    let note = format!(
        "\n… the summary was cut at {MAX_SUMMARY} bytes (GitHub shows at most 1 MiB); the outputs are complete\n"
    );
    let room = MAX_SUMMARY - note.len() - tail.len();
    if s.len() > room {
        // A newline is one byte, so the cut is on a character boundary.
        let end = s.as_bytes()[..room]
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        s.truncate(end);
    }
    s.push_str(&note);
    s.push_str(&tail);
    s
}

/// Our own text, which may embed already-quoted untrusted parts.
fn md_plain(text: &str) -> String {
    let mut out = String::new();
    push_md(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_are_contiguous_and_balanced() {
        assert_eq!(shard_bounds(10, 4), vec![(0, 3), (3, 6), (6, 8), (8, 10)]);
        assert_eq!(shard_bounds(2, 4), vec![(0, 1), (1, 2), (2, 2), (2, 2)]);
        assert_eq!(shard_bounds(0, 3), vec![(0, 0), (0, 0), (0, 0)]);
        assert_eq!(
            shard_bounds(312, 4),
            vec![(0, 78), (78, 156), (156, 234), (234, 312)]
        );
    }

    #[test]
    fn groups_keep_first_appearance_and_warn_on_disagreement() {
        let m = Matrix::parse("m.yml", "include:\n  - {t: a, l: auto, p: amd64}\n  - {t: b, p: x}\n  - {t: a, l: 'false', p: arm64}\n  - {p: none}\n", &["include".into()]).unwrap();
        let refs: Vec<&Entry> = m.entries.iter().collect();
        let mut warnings = Vec::new();
        let items = group_items(&refs, "t", &["l".to_string()], &mut warnings);
        assert_eq!(
            matrix_json(&items),
            r#"{"include":[{"t":"a","l":"auto"},{"t":"b","l":""}]}"#
        );
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn a_summary_over_the_cap_is_cut_at_a_line_and_says_so() {
        let long = "é".repeat(3_000);
        let entries: Vec<Selected> = (0..100)
            .map(|i| Selected {
                list: "include".into(),
                index: i,
                name: format!("{i}"),
                key: format!("{i}"),
                line: i + 1,
                why: (0..4)
                    .map(|j| Why {
                        file: Some(format!("{long}/{i}-{j}")),
                        rule: "shared".into(),
                    })
                    .collect(),
            })
            .collect();
        let parts = [PartitionResult {
            id: "all".into(),
            entries,
        }];
        let notes = ["1 changed file(s) matched no rule".to_string()];
        let s = summary("filtered", "filtered", "d", &parts, &[], &notes);
        assert!(s.len() <= MAX_SUMMARY, "{}", s.len());
        assert!(
            s.ends_with("the outputs are complete\n> note: 1 changed file(s) matched no rule\n"),
            "the notes survive the cut"
        );
        let kept = s.lines().filter(|l| l.starts_with("| ")).count();
        assert!(kept > 20 && kept < 102, "{kept} rows kept");
        // Below the cap nothing changes.
        let small = summary("filtered", "filtered", "d", &parts[..0], &[], &[]);
        assert!(!small.contains("was cut"));
    }

    #[test]
    fn markdown_escaping() {
        // A code span: only the cell's `|` and the span's own backquote change.
        assert_eq!(md("a|b\n<x>`"), "`\"a\\|b\\n<x>'\"`");
        assert_eq!(md("&amp; é`|[l](u) a@b.c"), "`\"&amp; é'\\|[l](u) a@b.c\"`");
        assert_eq!(md_plain("a&b\n<`x`>|"), "a&amp;b &lt;\\`x\\`&gt;\\|");
        assert_eq!(md_plain(""), "");
        // Links, images, emphasis and a backslash that would undo an escape.
        assert_eq!(
            md_plain("![i](https://e.example/i.png) [a](u) *b* _c_ ~d~ \\[x"),
            "!\\[i\\](https\\://e.example/i.png) \\[a\\](u) \\*b\\* \\_c\\_ \\~d\\~ \\\\\\[x"
        );
        // Bare URLs GitHub would link.
        assert_eq!(
            md_plain("see WWW.e.example or a.b"),
            "see WWW\\.e.example or a.b"
        );
        assert_eq!(md_plain("x@y.com"), "x@\u{200b}y.com");
        // A backquote opens no code span; a carriage return ends no line.
        assert_eq!(md_plain("see `docs\r# Passed"), "see \\`docs # Passed");
    }
}
