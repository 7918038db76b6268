//! Property tests over generated small matrices, configs and changed-file
//! lists: selection is monotonic in the changed files, full runs select the
//! whole matrix, shards and groups add up, every promised JSON output parses,
//! arbitrary field text survives byte-exact, and the same input gives the same
//! outcome.

mod common;

use changed_backends::run::{Changes, EventInput};
use changed_backends::select::ChangedFile;
use changed_backends::{decide, plan, Input, Outcome};
use common::{input, selected};
use proptest::collection::vec;
use proptest::prelude::*;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::fmt::Write as _;

const SVC: [&str; 3] = ["a", "b", "c"];
const LANG: [&str; 2] = ["go", "py"];

/// One generated matrix entry.
#[derive(Debug, Clone)]
struct Ent {
    svc: usize,
    lang: Option<usize>,
    /// Arbitrary text carried through to the matrix outputs.
    note: Option<String>,
}

/// Shared rules the generator picks from: (YAML body of the rule).
const SHARED: [&str; 5] = [
    "files: [\"lib/x/**\"]\n        select: { lang: go }",
    "files: [\"lib/**\", \"!lib/**/*.md\"]\n        select: all",
    "files: [proto/api.proto]\n        select: all\n        unless: proto-additive",
    "files: [\"docs/**\"]\n        select: none",
    "files: [\"*.txt\"]\n        select: { list: extra }",
];

/// A generated config and matrix.
#[derive(Debug, Clone)]
struct Spec {
    include: Vec<Ent>,
    extra: Vec<Ent>,
    shards: usize,
    group: bool,
    ignore: bool,
    /// Without the `src` rule, non-Go entries of `include` are unwatched.
    watch_src: bool,
    first_match_shared: bool,
    shared: Vec<usize>,
    name_flags: bool,
    /// Write notes with every non-ASCII character escaped.
    ascii_yaml: bool,
}

/// YAML double-quoted scalar for any text: printable characters as written
/// (unless `ascii_only`), everything else as `\x`, `\u` or `\U` escapes.
fn yaml_quoted(s: &str, ascii_only: bool) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        let code = c as u32;
        let printable = matches!(code, 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
            && !matches!(c, '\u{FEFF}' | '\u{2028}' | '\u{2029}');
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            '\t' if !ascii_only => out.push(c),
            _ if printable && !ascii_only => out.push(c),
            _ if code <= 0xFF => write!(out, "\\x{code:02X}").unwrap(),
            _ if code <= 0xFFFF => write!(out, "\\u{code:04X}").unwrap(),
            _ => write!(out, "\\U{code:08X}").unwrap(),
        }
    }
    out.push('"');
    out
}

impl Spec {
    fn entries(&self) -> impl Iterator<Item = (&'static str, usize, &Ent)> {
        let inc = self
            .include
            .iter()
            .enumerate()
            .map(|(i, e)| ("include", i, e));
        let ext = self.extra.iter().enumerate().map(|(i, e)| ("extra", i, e));
        inc.chain(ext)
    }

    fn entry(&self, list: &str, index: usize) -> &Ent {
        match list {
            "include" => &self.include[index],
            _ => &self.extra[index],
        }
    }

    /// An entry's unique id: list initial and index.
    fn id(list: &str, index: usize) -> String {
        format!("{}{index}", &list[..1])
    }

    fn matrix_text(&self) -> String {
        let mut s = String::new();
        for (name, list) in [("include", &self.include), ("extra", &self.extra)] {
            if list.is_empty() {
                writeln!(s, "{name}: []").unwrap();
                continue;
            }
            writeln!(s, "{name}:").unwrap();
            for (i, e) in list.iter().enumerate() {
                writeln!(s, "  - svc: {}", SVC[e.svc]).unwrap();
                if let Some(l) = e.lang {
                    writeln!(s, "    lang: {}", LANG[l]).unwrap();
                }
                writeln!(s, "    id: {}", Self::id(name, i)).unwrap();
                if let Some(n) = &e.note {
                    writeln!(s, "    note: {}", yaml_quoted(n, self.ascii_yaml)).unwrap();
                }
            }
        }
        s
    }

    fn config_text(&self) -> String {
        let mut s = String::from(
            "matrix: { file: m.yml, lists: [include, extra] }\nidentity: [id]\nname: \"{svc}\"\n",
        );
        s.push_str("sources:\n  - first-match:\n      - when: { lang: go }\n        paths: [\"go/{svc}/**\"]\n");
        if self.watch_src {
            s.push_str("      - when: { list: include }\n        paths: [\"src/{svc}/**\", \"!src/{svc}/**/*.txt\"]\n");
        }
        s.push_str("  - when: { lang: py }\n    paths: [py/common/]\n");
        s.push_str("  - when: { list: extra }\n    paths: [\"extra/{svc}/**\"]\n");
        if !self.shared.is_empty() {
            s.push_str("shared:\n");
            if self.first_match_shared {
                s.push_str("  - first-match:\n");
                for r in &self.shared {
                    writeln!(s, "      - {}", SHARED[*r]).unwrap();
                }
            } else {
                for r in &self.shared {
                    let body = SHARED[*r].replace("\n        ", "\n    ");
                    writeln!(s, "  - {body}").unwrap();
                }
            }
        }
        if self.ignore {
            s.push_str("ignore: [\"**/*.md\"]\n");
        }
        if self.name_flags {
            s.push_str("outputs: { name-flags: \"build-{name}\" }\n");
        }
        s.push_str("partitions:\n");
        write!(
            s,
            "  - id: go\n    when: {{ list: include, lang: go }}\n    shards: {}\n    matrix: \"matrix-go-{{shard}}\"\n    has-entries: \"has-go-{{shard}}\"\n",
            self.shards
        )
        .unwrap();
        if self.group {
            s.push_str("    group: { by: svc, carry: [lang, note], matrix: \"groups-go-{shard}\", has-entries: \"has-groups-go-{shard}\" }\n");
        }
        s.push_str("  - id: rest\n    when: { list: include, not: { lang: go } }\n    matrix: matrix-rest\n    has-entries: has-rest\n");
        if self.group {
            s.push_str("    group: { by: lang, carry: [svc], matrix: groups-rest, has-entries: has-groups-rest }\n");
        }
        s.push_str("  - id: extra\n    when: { list: extra }\n    matrix: \"matrix-{id}\"\n    has-entries: \"has-{id}\"\n");
        s
    }

    fn input(&self) -> Input {
        input(&self.config_text(), &self.matrix_text())
    }

    /// The entry as the matrix output must write it, fields in written order.
    fn json(&self, list: &str, index: usize) -> Value {
        let e = self.entry(list, index);
        let mut m = serde_json::Map::new();
        m.insert("svc".into(), json!(SVC[e.svc]));
        if let Some(l) = e.lang {
            m.insert("lang".into(), json!(LANG[l]));
        }
        m.insert("id".into(), json!(Self::id(list, index)));
        if let Some(n) = &e.note {
            m.insert("note".into(), json!(n));
        }
        Value::Object(m)
    }

    /// Which partition an entry belongs to (they cover the matrix exactly once).
    fn partition_of(&self, list: &str, index: usize) -> &'static str {
        match (list, self.entry(list, index).lang) {
            ("extra", _) => "extra",
            (_, Some(0)) => "go",
            _ => "rest",
        }
    }

    fn all(&self) -> BTreeSet<(String, usize)> {
        self.entries().map(|(l, i, _)| (l.to_string(), i)).collect()
    }
}

fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => any::<char>().prop_map(String::from),
        1 => prop::sample::select(vec![
            "\"", "'", "\\", "$(touch /tmp/pwned)", "`id`", "\n", "\r\n", "\r",
            "\u{202E}", "\u{1F600}", "\u{10FFFF}", "\0", "\u{1b}[31m", "\u{7f}", "\u{85}",
            "\n::set-output name=x::y\n", "::add-mask::x", "ghadelimiter_1", "<<EOF",
            "{svc}", "*", "#", ": ", "- ", " ", "\t", "\u{2028}", "\u{FEFF}", "&a", "*a", "!!str",
        ])
        .prop_map(String::from),
    ];
    vec(piece, 0..8).prop_map(|v| v.concat())
}

fn ent() -> impl Strategy<Value = Ent> {
    (
        0..SVC.len(),
        prop::option::of(0..LANG.len()),
        prop::option::weighted(0.3, text()),
    )
        .prop_map(|(svc, lang, note)| Ent { svc, lang, note })
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        vec(ent(), 0..10),
        vec(ent(), 0..4),
        1usize..=3,
        any::<[bool; 6]>(),
        prop::sample::subsequence((0..SHARED.len()).collect::<Vec<_>>(), 0..=SHARED.len()),
    )
        .prop_map(|(include, extra, shards, flags, shared)| Spec {
            include,
            extra,
            shards,
            group: flags[0],
            ignore: flags[1],
            watch_src: flags[2],
            first_match_shared: flags[3],
            name_flags: flags[4],
            ascii_yaml: flags[5],
            shared,
        })
}

const DIRS: [&str; 10] = [
    "src/{s}/",
    "src/{s}/deep/",
    "go/{s}/",
    "py/common/",
    "lib/",
    "lib/x/",
    "docs/",
    "proto/",
    "extra/{s}/",
    "",
];
const FILES: [&str; 4] = ["main.go", "README.md", "api.proto", "x.txt"];
const STATUS: [&str; 4] = ["modified", "added", "removed", "renamed"];

fn path() -> impl Strategy<Value = String> {
    prop_oneof![
        9 => (0..DIRS.len(), 0..SVC.len(), 0..FILES.len())
            .prop_map(|(d, s, f)| format!("{}{}", DIRS[d].replace("{s}", SVC[s]), FILES[f])),
        1 => Just("m.yml".to_string()),
    ]
}

fn changed_file() -> impl Strategy<Value = ChangedFile> {
    (path(), 0..STATUS.len(), path()).prop_map(|(filename, status, old)| ChangedFile {
        filename,
        status: Some(STATUS[status].to_string()),
        previous_filename: (status == 3).then_some(old),
    })
}

fn with_files(spec: &Spec, files: &[ChangedFile]) -> Input {
    Input {
        changes: Some(Changes {
            files: files.to_vec(),
        }),
        ..spec.input()
    }
}

fn with_event(spec: &Spec, name: &str) -> Input {
    Input {
        event: Some(EventInput {
            name: name.into(),
            payload: "{}".into(),
            ..EventInput::default()
        }),
        ..spec.input()
    }
}

fn run(input: &Input) -> Outcome {
    let o = decide(input);
    assert!(o.errors.is_empty(), "{:?}", o.errors);
    o
}

fn get<'a>(o: &'a Outcome, name: &str) -> &'a str {
    common::output(o, name)
}

fn include_of(o: &Outcome, name: &str) -> Vec<Value> {
    let v: Value = serde_json::from_str(get(o, name))
        .unwrap_or_else(|e| panic!("{name} is not JSON ({e}): {}", get(o, name)));
    let obj = v.as_object().expect("a matrix is an object");
    assert_eq!(obj.len(), 1, "{name}: only `include`");
    obj["include"]
        .as_array()
        .expect("include is a list")
        .clone()
}

fn flag(o: &Outcome, name: &str) -> bool {
    match get(o, name) {
        "true" => true,
        "false" => false,
        other => panic!("{name} = {other:?} is not a boolean"),
    }
}

/// One item per distinct non-empty `by` value, in order of first appearance,
/// carrying fields from the first entry of each group.
fn expected_groups(items: &[Value], by: &str, carry: &[&str]) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    for item in items {
        let Some(key) = item.get(by).filter(|k| *k != &json!("")) else {
            continue;
        };
        if out.iter().any(|g| &g[by] == key) {
            continue;
        }
        let mut g = serde_json::Map::new();
        g.insert(by.into(), key.clone());
        for c in carry {
            g.insert((*c).into(), item.get(*c).cloned().unwrap_or(json!("")));
        }
        out.push(Value::Object(g));
    }
    out
}

/// Everything the outputs promise, checked against the spec as an oracle.
fn check_outputs(spec: &Spec, o: &Outcome) {
    for (name, value) in &o.outputs {
        assert!(
            !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "unsafe output name {name:?}"
        );
        assert!(
            !value.contains(['\n', '\r']),
            "raw line break in {name}: {value:?}"
        );
    }
    let sel = selected(o);
    let distinct: BTreeSet<_> = sel.iter().cloned().collect();
    assert_eq!(distinct.len(), sel.len(), "an entry is in two partitions");
    // Each partition: the selected entries of its condition, in matrix order.
    for p in &o.partitions {
        let got: Vec<(&str, usize)> = p
            .entries
            .iter()
            .map(|e| (e.list.as_str(), e.index))
            .collect();
        let want: Vec<(&str, usize)> = spec
            .entries()
            .filter(|(l, i, _)| {
                distinct.contains(&(l.to_string(), *i)) && spec.partition_of(l, *i) == p.id
            })
            .map(|(l, i, _)| (l, i))
            .collect();
        assert_eq!(got, want, "partition {}", p.id);
        let items: Vec<Value> = got.iter().map(|(l, i)| spec.json(l, *i)).collect();
        match p.id.as_str() {
            "go" => {
                let mut concat = Vec::new();
                let mut sizes = Vec::new();
                for k in 1..=spec.shards {
                    let shard = include_of(o, &format!("matrix-go-{k}"));
                    assert_eq!(flag(o, &format!("has-go-{k}")), !shard.is_empty());
                    assert_eq!(
                        get(o, &format!("matrix-go-{k}")),
                        json!({ "include": shard }).to_string()
                    );
                    if spec.group {
                        let groups = include_of(o, &format!("groups-go-{k}"));
                        assert_eq!(groups, expected_groups(&shard, "svc", &["lang", "note"]));
                        assert_eq!(flag(o, &format!("has-groups-go-{k}")), !groups.is_empty());
                    }
                    sizes.push(shard.len());
                    concat.extend(shard);
                }
                // Shards concatenate back to the partition, in order, balanced.
                assert_eq!(concat, items);
                assert_eq!(
                    json!(concat).to_string(),
                    json!(items).to_string(),
                    "field order"
                );
                assert!(sizes.windows(2).all(|w| w[0] >= w[1] && w[0] - w[1] <= 1));
            }
            "rest" | "extra" => {
                let name = format!("matrix-{}", p.id);
                assert_eq!(get(o, &name), json!({ "include": items }).to_string());
                assert_eq!(flag(o, &format!("has-{}", p.id)), !items.is_empty());
                if p.id == "rest" && spec.group {
                    let groups = include_of(o, "groups-rest");
                    assert_eq!(groups, expected_groups(&items, "lang", &["svc"]));
                    assert_eq!(flag(o, "has-groups-rest"), !groups.is_empty());
                }
            }
            other => panic!("unexpected partition {other}"),
        }
    }
    let names: Vec<String> = serde_json::from_str(get(o, "names")).expect("names is a JSON list");
    let distinct_names: BTreeSet<&String> = names.iter().collect();
    assert_eq!(distinct_names.len(), names.len());
    // Exactly the names of the selected entries.
    let mut want: Vec<String> = Vec::new();
    for (l, i, e) in spec.entries() {
        let n = SVC[e.svc].to_string();
        if !want.contains(&n) && sel.iter().any(|(sl, si)| sl == l && *si == i) {
            want.push(n);
        }
    }
    // Names are listed in the order of their first entry in the matrix.
    want.sort_by_key(|n| spec.entries().position(|(_, _, e)| SVC[e.svc] == n));
    assert_eq!(names, want, "names");
    if spec.name_flags {
        for s in SVC {
            if spec.entries().any(|(_, _, e)| SVC[e.svc] == s) {
                assert_eq!(
                    flag(o, &format!("build-{s}")),
                    names.contains(&s.to_string())
                );
            }
        }
    }
    assert_eq!(flag(o, "run-all"), o.decision.code() == "run-all");
    assert_eq!(get(o, "reason"), o.reason_code());
}

fn names(o: &Outcome) -> BTreeSet<String> {
    serde_json::from_str(get(o, "names")).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Adding changed files never removes a selected entry or name.
    #[test]
    fn selection_is_monotonic(
        spec in spec(),
        a in vec(changed_file(), 0..6),
        b in vec(changed_file(), 1..6),
    ) {
        let small = run(&with_files(&spec, &a));
        let both: Vec<ChangedFile> = a.iter().chain(&b).cloned().collect();
        let big = run(&with_files(&spec, &both));
        check_outputs(&spec, &small);
        check_outputs(&spec, &big);
        let (s, g): (BTreeSet<_>, BTreeSet<_>) =
            (selected(&small).into_iter().collect(), selected(&big).into_iter().collect());
        prop_assert!(s.is_subset(&g), "lost {:?}", s.difference(&g).collect::<Vec<_>>());
        prop_assert!(names(&small).is_subset(&names(&big)));
        // Order of the changed files does not matter either.
        let reversed: Vec<ChangedFile> = both.iter().rev().cloned().collect();
        let rev: BTreeSet<_> = selected(&run(&with_files(&spec, &reversed))).into_iter().collect();
        prop_assert_eq!(rev, g);
    }

    /// Runs without a trustworthy diff select exactly the whole matrix.
    #[test]
    fn run_all_selects_the_full_matrix(
        spec in spec(),
        event in prop::sample::select(vec!["schedule", "workflow_dispatch", "issues", "push"]),
    ) {
        let o = run(&with_event(&spec, event));
        prop_assert_eq!(o.decision.code(), "run-all");
        check_outputs(&spec, &o);
        let got: BTreeSet<_> = selected(&o).into_iter().collect();
        prop_assert_eq!(got, spec.all());
        prop_assert!(names(&o).len() == spec.entries().map(|(_, _, e)| e.svc).collect::<BTreeSet<_>>().len());
    }

    /// Arbitrary field text round-trips byte-exact through the matrix output.
    #[test]
    fn field_text_round_trips(note in text(), ascii in any::<bool>(), lang in prop::option::of(0..LANG.len())) {
        let spec = Spec {
            include: vec![Ent { svc: 1, lang, note: Some(note.clone()) }],
            extra: vec![],
            shards: 1,
            group: true,
            ignore: false,
            watch_src: true,
            first_match_shared: false,
            shared: vec![],
            name_flags: false,
            ascii_yaml: ascii,
        };
        let o = run(&with_event(&spec, "schedule"));
        check_outputs(&spec, &o);
        let name = if lang == Some(0) { "matrix-go-1" } else { "matrix-rest" };
        let items = include_of(&o, name);
        prop_assert_eq!(items.len(), 1);
        prop_assert_eq!(&items[0]["note"], &Value::String(note.clone()));
        prop_assert_eq!(items[0]["note"].as_str().unwrap().as_bytes(), note.as_bytes());
    }

    /// The same input gives the same outcome, also from a rebuilt input.
    #[test]
    fn same_input_same_outcome(
        spec in spec(),
        files in vec(changed_file(), 0..8),
        event in prop::option::of(prop::sample::select(vec!["schedule", "push", "pull_request"])),
    ) {
        let make = || match event {
            Some(e) => with_event(&spec, e),
            None => with_files(&spec, &files),
        };
        let first = make();
        let one = serde_json::to_string(&decide(&first)).unwrap();
        let again = serde_json::to_string(&decide(&first)).unwrap();
        let rebuilt = serde_json::to_string(&decide(&make())).unwrap();
        prop_assert_eq!(&one, &again);
        prop_assert_eq!(&one, &rebuilt);
        let p1 = serde_json::to_string(&plan(&first)).unwrap();
        let p2 = serde_json::to_string(&plan(&make())).unwrap();
        prop_assert_eq!(p1, p2);
    }
}
