//! The matrix read straight into entries against the matrix read through
//! the YAML tree: whenever the flat reader takes a file, its entries (values,
//! field order, positions, lists) must be the tree's; anything it does not
//! take, every error included, is left to the tree. And the matrices people
//! write must be taken, or the speed it exists for is lost unnoticed.

mod common;

use changed_backends::matrix::Matrix;
use common::mutate;
use proptest::prelude::*;
use std::path::Path;

/// Whether the flat reader took the text; panics if it disagrees with the tree.
fn agrees(text: &str, lists: &[String]) -> bool {
    let Some(flat) = Matrix::parse_flat(text, lists) else {
        return false;
    };
    match Matrix::parse_tree("m.yml", text, lists) {
        // Through the debug form, so a NaN equals a NaN.
        Ok(tree) => assert_eq!(
            format!("{flat:?}"),
            format!("{tree:?}"),
            "different matrices for:\n{text}"
        ),
        Err(p) => panic!("read flat what the tree rejects ({p}):\n{text}"),
    }
    true
}

fn lists(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

#[test]
fn reads_the_matrices_users_write() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let localai =
        std::fs::read_to_string(root.join("tests/fixtures/localai/backend-matrix.yml")).unwrap();
    assert!(agrees(&localai, &lists(&["include", "includeDarwin"])));
    assert!(agrees(&localai, &lists(&["includeDarwin"])));
    let basic = std::fs::read_to_string(root.join("examples/basic/matrix.yml")).unwrap();
    assert!(agrees(&basic, &lists(&["include"])));
}

/// Files at the flat reader's edges: each either agrees with the tree or is
/// left to it; `taken` says which is expected, so the subset cannot shrink
/// unnoticed.
#[test]
fn edges_of_the_flat_read() {
    let cases: &[(&str, bool)] = &[
        ("include:\n  - a: 1\n    b: 'x'\n", true),
        ("include:\n- a: 1\n  b: \"x\"\n", true),
        (
            "# c\n---\ninclude:   # c\n    - a: 1 # c\n\n      b: ~\n",
            true,
        ),
        ("include:\n  - a:\n    b: 2\n", true),
        (
            "include:\n  - a: x\n  - a: y\n    b: z\nother: {k: [1]}\n",
            true,
        ),
        ("other:\n  k: v\ninclude:\n  - a: x\n", true),
        ("include: []\n", true),
        ("include:\n", true),
        ("include: ~\n", true),
        ("include:\n  - {a: 1}\n", true),
        ("include:\n  - a: x\n    a: y\n", false),
        ("include:\n  - a: [1]\n", false),
        ("include:\n  - a:\n      b: 1\n", false),
        ("include:\n  - a: &x 1\n    b: *x\n", false),
        ("include:\n  - 1: x\n", false),
        ("include:\n  - 'q': x\n    \"r s\": y\n", true),
        ("include:\n  - x\n", false),
        ("include: x\n", false),
        ("include:\n  - a: x\n   b: y\n", false),
        ("include:\n  - a: x\n      b: y\n", false),
        ("include:\n  - a: x\n  b: y\n", false),
        ("include:\n  - a: é ü\n    b: ß # ö\n", true),
        ("nothing: []\n", false),
        ("- a: 1\n", false),
        ("", false),
        ("include:\n  - a: x\ninclude: []\n", false),
        ("include:\n  - a: .nan\n    b: -.inf\n    c: 0x1F\n", true),
        ("include:\n  - a: 'it''s'\n    b: \"q\\\"\"\n", true),
    ];
    for (text, taken) in cases {
        assert_eq!(
            agrees(text, &lists(&["include"])),
            *taken,
            "expected taken={taken} for:\n{text}"
        );
    }
}

/// A key or value written as the entry before wrote it at its place is
/// read without a scan: written alike but read otherwise, it must not be.
#[test]
fn repeated_texts_written_otherwise() {
    let cases = [
        "- a: x\n- a: x y\n",
        "- a: x\n- a: x # c\n- a: x  \n",
        "- a: x\n- a: x: y\n",
        "- a: x\n- a: x#y\n",
        "- a: x\n- a: 'x'\n- a: \"x\"\n- a: x\n",
        "- a: 'x'\n- a: 'x''y'\n",
        "- a: 'x'\n- a: 'x'y\n",
        "- a: \"x\"\n- a: \"x\\ny\"\n",
        "- a: '1'\n- a: 1\n- a: '1'\n",
        "- a: 'true'\n- a: true\n",
        "- a: ''\n- a:\n- a: ''\n",
        "- ab: 1\n- ab:c: 2\n",
        "- ab: 1\n- ab c: 2\n",
        "- ab: 1\n- 'ab': 2\n- ab: 3\n",
        "- 'a b': 1\n- a b: 2\n",
        "- 'a:': 1\n- a:: 2\n",
        "- a: x\n  b: y\n- b: y\n  a: x\n",
        "- a: é\n- a: é ü\n",
    ];
    let mut taken = 0;
    for case in cases {
        taken += usize::from(agrees(&format!("include:\n{case}"), &lists(&["include"])));
    }
    // All but the two errors (`x: y` and `'x'y`).
    assert_eq!(taken, cases.len() - 2);
}

/// More entries than a matrix may hold: left to the tree, which reports it.
#[test]
fn too_many_entries_are_the_trees_error() {
    let text: String = std::iter::once("include:\n".to_string())
        .chain((0..20_001).map(|i| format!("  - a: {i}\n")))
        .collect();
    assert!(!agrees(&text, &lists(&["include"])));
    let e = Matrix::parse("m.yml", &text, &lists(&["include"])).unwrap_err();
    assert!(e.message.contains("more than"), "{e}");
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "[a-z][a-z0-9_./-]{0,8}",
        2 => "'[a-z0-9 #:/'-]{0,8}'",
        2 => "\"[a-z0-9 #:/-]{0,8}\"",
        1 => "[0-9]{1,3}",
        1 => Just("true".to_string()),
        1 => Just("~".to_string()),
        1 => Just("".to_string()),
        1 => "[é中ß][a-z]{0,2}",
        1 => "\\[[a-z0-9, ]{0,6}\\]",
        1 => "&[a-z] [a-z]{1,3}",
        1 => "\\*[a-z]",
        1 => "[a-z]{1,3}[:#, ]{1,2}[a-z]{0,3}",
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::sample::select(vec!["backend", "platforms", "tag-suffix", "runs-on", "dockerfile", "b", "a"]).prop_map(String::from),
        1 => "[a-z][a-z0-9_-]{0,5}",
        1 => "'[a-z ]{0,4}'",
        1 => "[0-9]{1,2}",
    ]
}

/// An entry's lines after its `- `, fields repeating the keys a matrix repeats.
fn entry() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec((key(), value(), " {0,1}", "( #[a-z]{0,3})?"), 1..6).prop_map(|fields| {
        fields
            .into_iter()
            .map(|(k, v, sp, c)| format!("{k}:{sp} {v}{c}"))
            .collect()
    })
}

/// A matrix file: lists of entries, indented or not, among other keys.
fn matrix() -> impl Strategy<Value = String> {
    let list = (
        prop::sample::select(vec!["include", "includeDarwin", "other"]),
        0usize..3,
        prop::collection::vec(entry(), 0..5),
    );
    prop::collection::vec(list, 1..4).prop_map(|lists| {
        let mut out = String::new();
        for (name, indent, entries) in lists {
            out.push_str(name);
            out.push_str(":\n");
            let pad = " ".repeat(indent);
            for e in entries {
                for (i, l) in e.into_iter().enumerate() {
                    let mark = if i == 0 { "- " } else { "  " };
                    out.push_str(&format!("{pad}{mark}{l}\n"));
                }
            }
        }
        out
    })
}

/// Characters an edit inserts: what steps outside the flat read.
const MARKS: [char; 7] = ['-', ':', '#', '\'', '[', '&', '\t'];

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn generated_matrices_agree(text in matrix(), edits in prop::collection::vec((any::<usize>(), any::<u8>()), 0..3)) {
        let both = lists(&["include", "includeDarwin"]);
        let mut text = text;
        agrees(&text, &both);
        agrees(&text, &both[..1]);
        for (at, what) in edits {
            text = mutate(&text, at, what, &MARKS);
            agrees(&text, &both);
        }
    }
}
