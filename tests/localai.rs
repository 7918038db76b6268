//! LocalAI acceptance: the example config reproduces the script's selections
//! for every commit of the real history sample, and its outputs follow the
//! spec's naming and shapes.

use changed_backends::run::{Changes, EventInput, MatrixText, Source};
use changed_backends::select::ChangedFile;
use changed_backends::{decide, Input, Outcome};
use serde_json::Value;
use std::collections::BTreeSet;

const CONFIG: &str = include_str!("../examples/localai/changed-backends.yml");
const MATRIX: &str = include_str!("fixtures/localai/backend-matrix.yml");
const HISTORY: &str = include_str!("fixtures/localai/history-sample.jsonl");

fn input() -> Input {
    Input {
        config: Source {
            path: ".github/changed-backends.yml".into(),
            text: CONFIG.into(),
        },
        matrix: Some(MatrixText::new(MATRIX)),
        ..Input::default()
    }
}

fn with_files(files: Vec<ChangedFile>) -> Outcome {
    let out = decide(&Input {
        changes: Some(Changes { files }),
        ..input()
    });
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    out
}

fn output<'a>(o: &'a Outcome, name: &str) -> &'a str {
    o.outputs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no output {name}"))
}

fn keys(o: &Outcome, partitions: &[&str]) -> BTreeSet<String> {
    o.partitions
        .iter()
        .filter(|p| partitions.contains(&p.id.as_str()))
        .flat_map(|p| p.entries.iter().map(|e| e.key.clone()))
        .collect()
}

#[test]
fn every_commit_of_the_history_sample_matches_the_script() {
    let mut checked = 0;
    for line in HISTORY.lines().filter(|l| !l.trim().is_empty()) {
        let commit: Value = serde_json::from_str(line).unwrap();
        let files: Vec<ChangedFile> = serde_json::from_value(commit["changed"].clone()).unwrap();
        let out = with_files(files);
        let expected = |k: &str| {
            commit["expected"][k]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_string())
                .collect::<BTreeSet<_>>()
        };
        let sha = commit["commit"].as_str().unwrap();
        assert_eq!(
            keys(&out, &["multiarch", "singlearch"]),
            expected("include"),
            "include of {sha}"
        );
        assert_eq!(
            keys(&out, &["darwin"]),
            expected("includeDarwin"),
            "includeDarwin of {sha}"
        );
        let names: BTreeSet<String> = out
            .outputs
            .iter()
            .filter(|(k, v)| v == "true" && !k.starts_with("has-") && k != "run-all")
            .map(|(k, _)| k.clone())
            .collect();
        assert_eq!(names, expected("names"), "names of {sha}");
        checked += 1;
    }
    assert_eq!(checked, 80);
}

#[test]
fn full_run_follows_the_output_contract() {
    let out = decide(&Input {
        event: Some(EventInput {
            name: "schedule".into(),
            ..Default::default()
        }),
        ..input()
    });
    assert_eq!(
        (out.decision.code(), out.reason_code()),
        ("run-all", "schedule")
    );
    assert_eq!(output(&out, "run-all"), "true");
    let multi: Value = serde_json::from_str(output(&out, "matrix-multiarch")).unwrap();
    assert_eq!(multi["include"].as_array().unwrap().len(), 145);
    let mut single = 0;
    for n in 1..=4 {
        let shard: Value =
            serde_json::from_str(output(&out, &format!("matrix-singlearch-{n}"))).unwrap();
        assert_eq!(shard["include"].as_array().unwrap().len(), 78, "shard {n}");
        single += 78;
        assert_eq!(
            output(&out, &format!("has-backends-singlearch-{n}")),
            "true"
        );
        let merges: Value =
            serde_json::from_str(output(&out, &format!("merge-matrix-singlearch-{n}"))).unwrap();
        for item in merges["include"].as_array().unwrap() {
            let keys: Vec<&String> = item.as_object().unwrap().keys().collect();
            assert_eq!(keys, ["tag-suffix", "tag-latest"]);
        }
    }
    assert_eq!(single + 145, 457);
    let darwin: Value = serde_json::from_str(output(&out, "matrix-darwin")).unwrap();
    assert_eq!(darwin["include"].as_array().unwrap().len(), 62);
    assert_eq!(output(&out, "has-backends-darwin"), "true");
    // The first entry is emitted exactly as written, field order included.
    let first = &multi["include"][0];
    assert!(first.is_object());
    let flags = out
        .outputs
        .iter()
        .filter(|(k, _)| {
            !k.contains("matrix")
                && !k.starts_with("has-")
                && !["run-all", "reason", "names", "base-sha"].contains(&k.as_str())
        })
        .count();
    assert_eq!(flags, 75, "one flag per backend name");
    assert!(out
        .outputs
        .iter()
        .filter(|(k, _)| {
            !["reason", "names", "base-sha"].contains(&k.as_str()) && !k.contains("matrix")
        })
        .all(|(_, v)| v == "true"));
}

#[test]
fn a_change_under_one_backend_selects_exactly_its_entries() {
    let out = with_files(vec![ChangedFile {
        filename: "backend/python/vllm/backend.py".into(),
        status: Some("modified".into()),
        previous_filename: None,
    }]);
    assert_eq!(output(&out, "run-all"), "false");
    assert_eq!(output(&out, "vllm"), "true");
    assert_eq!(output(&out, "diffusers"), "false");
    let all: Vec<_> = out.partitions.iter().flat_map(|p| &p.entries).collect();
    assert!(!all.is_empty());
    assert!(all.iter().all(|e| e.name == "vllm"));
    assert!(all
        .iter()
        .all(|e| e.why[0].file.as_deref() == Some("backend/python/vllm/backend.py")));
    // vllm also has a Darwin entry; whisper (Go) has none of its own there.
    assert_eq!(output(&out, "has-backends-darwin"), "true");
    let none = with_files(vec![ChangedFile {
        filename: "README.md".into(),
        status: None,
        previous_filename: None,
    }]);
    assert_eq!(output(&none, "has-backends-darwin"), "false");
    assert_eq!(output(&none, "matrix-darwin"), r#"{"include":[]}"#);
    assert_eq!(output(&none, "merge-matrix-multiarch"), r#"{"include":[]}"#);
    assert_eq!(output(&none, "names"), "[]");
}

/// Every path the 80-commit sample changed, as a stand-in for LocalAI's tree.
fn sample_paths() -> Vec<String> {
    let mut paths = BTreeSet::new();
    for line in HISTORY.lines().filter(|l| !l.trim().is_empty()) {
        let commit: Value = serde_json::from_str(line).unwrap();
        for f in commit["changed"].as_array().unwrap() {
            paths.insert(f["filename"].as_str().unwrap().to_string());
            if let Some(p) = f["previous_filename"].as_str() {
                paths.insert(p.to_string());
            }
        }
    }
    paths.into_iter().collect()
}

#[test]
fn lint_reports_the_sample_files_no_rule_watches() {
    use changed_backends::lint::{lint, LintInput};
    let files = sample_paths();
    let out = lint(&LintInput {
        config: input().config,
        matrix: input().matrix.unwrap(),
        files: files.clone(),
    });
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    // Per group: its file count and where (the start of each message).
    let groups: Vec<String> = out
        .findings
        .iter()
        .filter(|f| f.kind == changed_backends::lint::FindingKind::UnwatchedFile)
        .map(|f| {
            f.message
                .split(" no source path")
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    // Documentation, the gallery and contributor notes are in `ignore`; what
    // is left is LocalAI's application and tooling, which no image is built
    // from but which the config does not claim either.
    assert_eq!(
        groups,
        [
            "2 tracked files in the repository root",
            r#"1 tracked file in ".githooks/""#,
            r#"3 tracked files in ".github/""#,
            r#"100 tracked files in "core/""#,
            r#"4 tracked files in "pkg/""#,
            r#"3 tracked files in "scripts/""#,
            r#"1 tracked file in "tests/""#,
        ]
    );
    assert_eq!(files.len(), 177);
}
