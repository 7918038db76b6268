//! The fast YAML reader against saphyr: whenever the fast reader accepts a
//! text, its tree (values and positions) must be the one saphyr's events
//! build; and the files this project's users write must be accepted, or the
//! speed it exists for is lost without anyone noticing.

mod common;

use changed_backends::yaml::{readers, Node, LIMITS};
use common::mutate;
use proptest::prelude::*;
use std::path::Path;

/// Trees compared through their debug form, so a NaN equals a NaN.
fn show(node: &Node) -> String {
    format!("{node:?}")
}

/// Whether the fast reader took the text; panics if it disagrees with saphyr.
fn agrees(text: &str) -> bool {
    let Some(fast) = readers::fast(text, &LIMITS) else {
        return false;
    };
    match readers::full("t.yml", text, &LIMITS) {
        Ok(full) => assert_eq!(show(&fast), show(&full), "different trees for:\n{text}"),
        Err(p) => panic!("the fast reader accepted what saphyr rejects ({p}):\n{text}"),
    }
    true
}

fn repo_file(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

#[test]
fn reads_the_files_users_write() {
    for path in [
        "tests/fixtures/localai/backend-matrix.yml",
        "examples/localai/changed-backends.yml",
        "examples/basic/changed-backends.yml",
        "examples/basic/matrix.yml",
    ] {
        assert!(agrees(&repo_file(path)), "{path} went to the full parser");
    }
}

#[test]
fn every_yaml_file_in_the_repository_agrees() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stack = vec![root.to_path_buf()];
    let mut seen = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                if !matches!(name.as_str(), "target" | "node_modules" | ".git" | "build") {
                    stack.push(path);
                }
            } else if name.ends_with(".yml") || name.ends_with(".yaml") {
                agrees(&std::fs::read_to_string(&path).unwrap());
                seen += 1;
            }
        }
    }
    assert!(seen >= 5, "only {seen} YAML files found");
}

/// Texts at the subset's edges: each either agrees with saphyr or is left
/// to it; `taken` says which is expected, so the subset cannot shrink
/// unnoticed.
#[test]
fn edges_of_the_subset() {
    let cases: &[(&str, bool)] = &[
        ("", true),
        ("# only a comment\n", true),
        ("---\n", false),
        ("---\na: 1\n", true),
        ("--- # doc\na: 1\n", true),
        ("a: 1\n---\nb: 2\n", false),
        ("a: 1\n...\n", false),
        ("%YAML 1.2\n---\na: 1\n", false),
        ("a: 1\nb:\nc: ~\n", true),
        ("a:    # note\n  b: c\n", true),
        ("a:\n- x\n- 'y'\nb: 2\n", true),
        ("a:\n- k: v\n  l: w\n- m: n\n", true),
        ("- a: 1\n  b:\n  - x\n  c: 2\n- d\n", true),
        ("  a: 1\n  b: 2\n", true),
        ("a: 'it''s'\nb: \"q\\\"\\\\\\n\\t\\/\"\n", true),
        ("a: \"\\u00e9\"\n", false),
        ("a: \"\\x41\"\n", false),
        ("a: [x, 'y', \"z\", [1, 2], {k: v}]\n", true),
        ("a: { k: v, l: [m] , n: 'o' }\n", true),
        ("a: []\nb: {}\nc: [ ]\n", true),
        ("a: [x, ]\n", false),
        ("a: [x,\n  y]\n", false),
        ("a: {k}\n", false),
        ("a: [k: v]\n", false),
        ("a: {*x: 1}\n", false),
        ("a: &x [1]\nb: {*x : 1}\n", false),
        ("a: {&k x: 1}\n", false),
        ("a: &x 1\nb: *x\n", true),
        ("a: &x\n  k: v\nb: *x\nc: [*x, &w [1, {q: *x}], *w]\n", true),
        ("a: &x # note\n- 1\nb: {c: *x}\n", true),
        ("a: &n\nb: 1\n", false),
        ("a: *nowhere\n", false),
        ("- &a x\n- *a\n- &a y\n- *a\n", true),
        ("a: &x.y 1\n", false),
        ("a: *x:\n", false),
        ("&a k: v\n", false),
        ("a: &x\n  b: &x [1]\nc: *x\n", false),
        ("a: &x [*x]\n", false),
        ("a: {e: -1 -}\n", false),
        ("a: [b -]\n", false),
        ("a: b -c\n", false),
        ("a: b-c d.e\n", true),
        ("a: &x 1\nb: &x [*x]\n", false),
        ("a: !!str 1\n", false),
        ("a: |\n  text\n", false),
        ("a: >\n  text\n", false),
        ("a: long\n  continued\n", false),
        ("a:\n  scalar below\n", false),
        ("a: 1\na: 2\n", false),
        ("1: x\n'1': y\n", false),
        ("a:\tb\n", false),
        ("a: b\r\nc: d\r\n", false),
        ("\u{feff}a: b\n", false),
        ("a: b: c\n", false),
        ("a: b:\n", false),
        ("a: http://x/y:z # c\n", true),
        ("a: x#y\n", true),
        ("a: 'x'#y\n", false),
        (
            "a: -1\nb: -.5\nc: -cpu\nd: +1\ne: .5\nf: 0x1F\ng: 0o17\nh: 1e3\n",
            true,
        ),
        ("a: - x\n", false),
        ("- - x\n", false),
        ("-\n  a: b\n", false),
        ("- \n", false),
        ("? a\n: b\n", false),
        ("a:\n  - x\n  b: y\n", false),
        ("a: 1\n - x\n", false),
        ("a: 1\n  b: 2\n", false),
        ("a:\n    - x\n  - y\n", false),
        ("ключ: значение\nb: 'é' # ü\nc: [ä, ö]\n", true),
        ("a: \u{85}\n", false),
        ("a: b\u{2028}c\n", false),
        ("\"quoted key\": 1\n'other': 2\n", true),
        (
            "a: true\nb: False\nc: NULL\nd: .inf\ne: -.Inf\nf: .nan\n",
            true,
        ),
        ("a:b\n", false),
        ("- x\n- y\nz: 1\n", false),
        ("a: 1 # x\n# y\n\n  # z\nb: 2\n", true),
        ("a: [x] # c\n", true),
        ("a: [x]y\n", false),
        ("a: {b: [c, {d: e}]}\n", true),
        ("a: 'unclosed\n", false),
        ("a: \"unclosed\n", false),
    ];
    for (text, taken) in cases {
        assert_eq!(agrees(text), *taken, "expected taken={taken} for:\n{text}");
    }
}

/// Duplicate keys are found among many keys without comparing every pair
/// (a hostile matrix of 200,000 keys would take minutes that way), by both
/// readers, with the same verdict.
#[test]
fn many_keys_and_a_late_duplicate() {
    let mut text: String = (0..200_000).map(|i| format!("k{i}: {i}\n")).collect();
    let fast = readers::fast(&text, &LIMITS).expect("taken");
    assert_eq!(fast.as_map().unwrap().len(), 200_000);
    text.push_str("k123: again\n");
    assert!(readers::fast(&text, &LIMITS).is_none());
    let err = readers::full("t.yml", &text, &LIMITS).unwrap_err();
    assert!(err.message.contains("duplicate key `k123`"), "{err}");
    assert_eq!(err.line, 200_001);
    // A huge mapping followed by many small ones: each small one is sized
    // for its own keys (sized like the huge one, this needed gigabytes).
    let mut text = String::from("big:\n");
    text.extend((0..100_000).map(|i| format!("  k{i}: {i}\n")));
    text.push_str("list:\n");
    text.extend((0..20_000).map(|i| format!("- a: {i}\n")));
    let tree = readers::fast(&text, &LIMITS).expect("taken");
    let root = tree.as_map().unwrap();
    assert_eq!(root[0].1.as_map().unwrap().len(), 100_000);
    assert_eq!(root[1].1.as_seq().unwrap().len(), 20_000);
    // Texts that only read alike are duplicates too, past the first few.
    let mut text: String = (0..40).map(|i| format!("k{i}: x\n")).collect();
    text.push_str("1: a\n'1': b\n");
    assert!(readers::fast(&text, &LIMITS).is_none());
    assert!(readers::full("t.yml", &text, &LIMITS).is_err());
    assert!(!agrees("a: {k: 1, \"k\": 2}\n"));
}

/// An implicit key may be 1,024 characters long at most; quoted or not, in
/// a flow or not, long keys are left to saphyr.
#[test]
fn long_keys() {
    for key in [
        "k".repeat(1100),
        format!("'{}'", "k".repeat(1100)),
        format!("\"{}\"", "k".repeat(1100)),
    ] {
        for text in [
            format!("{key}: 1\n"),
            format!("a: {{{key}: 1}}\n"),
            format!("- {key}: 1\n"),
        ] {
            assert!(!agrees(&text), "{text}");
        }
    }
    assert!(agrees(&format!("{}: 1\n", "k".repeat(900))));
}

/// Columns count characters: on a long line of non-ASCII items each
/// position must be right, and finding them must not recount the line from
/// its start for every item (that took minutes on a 4 MB line).
#[test]
fn columns_on_a_long_non_ascii_line() {
    let items = 200_000;
    let text = format!("a: [{}]\n", vec!["é"; items].join(", "));
    let tree = readers::fast(&text, &LIMITS).expect("taken");
    let list = tree.as_map().unwrap()[0].1.as_seq().unwrap();
    assert_eq!(list.len(), items);
    assert_eq!(list[0].pos.column, 5);
    assert_eq!(list[items - 1].pos.column, 5 + 3 * (items - 1));
    assert!(!agrees("a: [é, ü]\nb: {ß: 1, x: ö}\n- nope\n"));
    assert!(agrees("k: [é, ü, [ö, é], {ß: 'ä', x: ö}] # ü\nl: ä\n"));
}

/// Anchors on a long non-ASCII line: the anchor's position (before its
/// node) must not send the column count back to the line's start.
#[test]
fn anchors_on_a_long_non_ascii_line() {
    let items = 100_000;
    let list: Vec<String> = (0..items).map(|i| format!("&a{i} x")).collect();
    let text = format!("a: [\"é\", {}]\n", list.join(", "));
    let tree = readers::fast(&text, &LIMITS).expect("taken");
    let seq = tree.as_map().unwrap()[0].1.as_seq().unwrap();
    assert_eq!(seq.len(), items + 1);
    assert_eq!(seq[1].pos.column, 10);
    let full = readers::full("t.yml", &text, &LIMITS).unwrap();
    assert_eq!(format!("{tree:?}"), format!("{full:?}"));
}

/// An anchored node's kept copy counts against the node budget, in both
/// readers alike: nested anchors over one large list would otherwise hold
/// it dozens of times (gigabytes from a 1 MB file).
#[test]
fn nested_anchors_count_their_copies() {
    let opens: String = (0..62).map(|i| format!("&a{i} [")).collect();
    let text = format!("a: {opens}x{}{}\n", ",x".repeat(100_000), "]".repeat(62));
    assert!(readers::fast(&text, &LIMITS).is_none());
    let err = readers::full("t.yml", &text, &LIMITS).unwrap_err();
    assert!(err.message.contains("YAML nodes"), "{err}");
    // A single anchor over the same list is well inside the budget.
    let text = format!("a: &a [x{}]\nb: 1\n", ",x".repeat(100_000));
    assert!(agrees(&text));
}

#[test]
fn positions_of_indentless_and_compact_collections() {
    // saphyr starts an indentless sequence where its first item starts.
    let tree = readers::fast("top:\n- x\n- y\n", &LIMITS).unwrap();
    let map = tree.as_map().unwrap();
    assert_eq!((map[0].1.pos.line, map[0].1.pos.column), (2, 3));
    let tree = readers::fast("top:\n  - x\n", &LIMITS).unwrap();
    let map = tree.as_map().unwrap();
    assert_eq!((map[0].1.pos.line, map[0].1.pos.column), (2, 3));
    assert!(agrees("top:\n- a: 1\n  b: 2\n- c: 3\n"));
}

#[test]
fn budgets_are_left_to_the_full_parser() {
    let deep = format!("{}x{}\n", "[".repeat(70), "]".repeat(70));
    assert!(readers::fast(&format!("a: {deep}"), &LIMITS).is_none());
    let mut small = LIMITS;
    small.max_nodes = 10;
    let text: String = (0..20).map(|i| format!("k{i}: v\n")).collect();
    assert!(readers::fast(&text, &small).is_none());
    assert!(readers::full("t.yml", &text, &small).is_err());
    // Aliases count every node they copy, and their uses are bounded.
    let text = format!("a: &x [1, 2, 3]\nb: [{}]\n", ["*x"; 3].join(", "));
    for max in 1..40 {
        small.max_nodes = max;
        let full = readers::full("t.yml", &text, &small).is_ok();
        assert_eq!(
            readers::fast(&text, &small).is_some(),
            full,
            "max_nodes {max}"
        );
    }
    assert!(readers::fast(&text, &small).is_some());
    small.max_nodes = LIMITS.max_nodes;
    small.max_aliases = 2;
    assert!(readers::fast(&text, &small).is_none());
}

/// Pieces the generator joins into documents: within the subset and just
/// outside it, with the spacing and comments people write.
fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z][a-z0-9_./-]{0,6}",
        "[0-9]{1,3}",
        "-[0-9]{1,2}",
        Just("true".to_string()),
        Just("~".to_string()),
        Just("null".to_string()),
        Just("1.5".to_string()),
        "'[a-z #:'\"]{0,5}'",
        "\"[a-z #:'\\\\n]{0,5}\"",
        "[a-z]{1,3}[:#@&*!, ]{1,2}[a-z]{0,3}",
        "\\[[a-z0-9, '\"\\[\\]{}:]{0,10}\\]",
        "\\{[a-z0-9, :'\\[\\]]{0,10}\\}",
        Just("".to_string()),
        "[é中ß][a-z]{0,2}",
        "&[a-z] [a-z0-9]{1,3}",
        "\\*[a-z]",
        "\\[\\*[a-z], &[a-z] [0-9]\\]",
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "[a-z][a-z0-9_-]{0,5}",
        1 => "'[a-z ]{0,4}'",
        1 => "\"[a-z ]{0,4}\"",
        1 => "[0-9]{1,2}",
        1 => "[a-z]{1,2}",
    ]
}

/// A block node at `indent`, as lines.
fn block(depth: u32) -> BoxedStrategy<Vec<String>> {
    let leaf = prop::collection::vec((key(), scalar(), " {0,2}", "( #[a-z ]{0,4})?"), 1..5)
        .prop_map(|entries| {
            entries
                .into_iter()
                .map(|(k, v, sp, c)| format!("{k}:{sp} {v}{c}"))
                .collect::<Vec<_>>()
        })
        .boxed();
    if depth == 0 {
        return leaf;
    }
    let inner = block(depth - 1);
    prop_oneof![
        2 => leaf,
        // key: then a nested block, indented 1-4 or not at all
        2 => (key(), 0usize..5, inner.clone(), "( &[a-z])?( #[a-z]{0,3})?").prop_map(|(k, n, lines, c)| {
            let pad = " ".repeat(n);
            let mut out = vec![format!("{k}:{c}")];
            out.extend(lines.into_iter().map(|l| format!("{pad}{l}")));
            out
        }),
        // a sequence of scalars or compact mappings
        2 => prop::collection::vec(prop_oneof![
            scalar().prop_map(|s| vec![s]),
            inner.clone(),
        ], 1..4).prop_map(|items| {
            let mut out = Vec::new();
            for item in items {
                for (i, l) in item.into_iter().enumerate() {
                    out.push(if i == 0 { format!("- {l}") } else { format!("  {l}") });
                }
            }
            out
        }),
        // two blocks one after the other (a mapping continued, or a mistake)
        1 => (inner.clone(), inner).prop_map(|(mut a, b)| { a.extend(b); a }),
    ]
    .boxed()
}

/// Characters an edit inserts: YAML's indicators.
const MARKS: [char; 10] = ['-', ':', '#', '\'', '"', '[', '{', '&', '!', '|'];

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn generated_documents_agree(lines in block(3), doc in any::<bool>(), edits in prop::collection::vec((any::<usize>(), any::<u8>()), 0..3)) {
        let mut text = lines.join("\n");
        if doc {
            text = format!("---\n{text}\n");
        }
        agrees(&text);
        for (at, what) in edits {
            text = mutate(&text, at, what, &MARKS);
            agrees(&text);
        }
    }
}
