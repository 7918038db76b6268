//! The README's quick start, on `examples/basic/`: each claim it makes about
//! what a change builds holds.

mod common;
use changed_backends::decide;
use common::*;
use serde_json::json;

const CONFIG: &str = include_str!("../examples/basic/changed-backends.yml");
const MATRIX: &str = include_str!("../examples/basic/matrix.yml");

fn built(files: &[&str]) -> (Vec<String>, String) {
    let out = decide(&with_files(
        input(CONFIG, MATRIX),
        files.iter().map(|f| file(f)).collect(),
    ));
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let names = serde_json::from_str(output(&out, "names")).unwrap();
    (names, output(&out, "matrix").to_string())
}

#[test]
fn quick_start_claims_hold() {
    assert_eq!(built(&["services/web/index.ts"]).0, ["web"]);
    assert_eq!(built(&["libs/go/x.go"]).0, ["api", "worker"]);
    assert!(built(&["libs/go/x_test.go"]).0.is_empty());
    let (names, matrix) = built(&["README.md"]);
    assert!(names.is_empty());
    assert_eq!(matrix, r#"{"include":[]}"#);
    assert_eq!(
        built(&[".github/workflows/build.yml"]).0,
        ["api", "web", "worker"]
    );
    let tag = decide(&with_event(
        input(CONFIG, MATRIX),
        "push",
        json!({"ref": "refs/tags/v1.2.0", "before": "a", "after": "b"}),
    ));
    assert_eq!(
        (
            tag.decision.code(),
            tag.reason_code(),
            output(&tag, "has-entries")
        ),
        ("run-all", "tag", "true")
    );
}
