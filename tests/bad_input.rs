//! Hostile and malformed input, one table per kind: every row must end in the
//! documented behaviour (a positioned problem, a run-all reason, a changed
//! file that still counts) without hanging or blowing up.

mod common;

use changed_backends::error::{Problem, ProblemKind};
use changed_backends::run::EventInput;
use changed_backends::select::ChangedFile;
use changed_backends::{decide, Input, Outcome};
use common::*;
use serde_json::json;

const CONFIG: &str = r#"matrix: { file: m.yml }
identity: [id]
name: "{svc}"
sources:
  - paths: ["svc/{svc}/**"]
partitions:
  - id: main
    shards: 2
    matrix: "matrix-{shard}"
    has-entries: "has-entries-{shard}"
    group: { by: svc, matrix: "groups-{shard}", has-entries: "has-groups-{shard}" }
  - id: other
    when: { svc: zzz }
    matrix: matrix-other
    has-entries: has-other
outputs: { name-flags: "build-{name}" }
"#;

const MATRIX: &str = "include:\n  - {id: a1, svc: a}\n  - {id: b1, svc: b}\n";

fn billion_laughs(prefix: &str) -> String {
    let mut s = format!("{prefix}l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let p = i - 1;
        s.push_str(&format!(
            "l{i}: &l{i} [*l{p}, *l{p}, *l{p}, *l{p}, *l{p}, *l{p}, *l{p}, *l{p}, *l{p}, *l{p}]\n"
        ));
    }
    s
}

/// Hostile YAML, each as (row, text) and the problem kind it must give.
fn hostile_yaml(prefix: &str) -> Vec<(&'static str, String, ProblemKind)> {
    let big_alias = {
        // One anchor of 1,000 nodes used 999 times: under the alias count,
        // over the node budget.
        let items = vec!["x"; 1000].join(", ");
        let uses = vec!["*big"; 999].join(", ");
        format!("{prefix}big: &big [{items}]\nuses: [{uses}]\n")
    };
    vec![
        ("billion laughs", billion_laughs(prefix), ProblemKind::Limit),
        ("alias fan-out", big_alias, ProblemKind::Limit),
        (
            // The YAML scanner looks ahead through flow brackets for a possible
            // key and stops at its own bound (256 levels) before the tree's
            // depth budget (64) sees them: still a limit, at the 256th `[`.
            "10,000 nested flow sequences",
            format!("{prefix}x: {}{}", "[".repeat(10_000), "]".repeat(10_000)),
            ProblemKind::Limit,
        ),
        (
            "10,000 nested block sequences",
            format!("{prefix}x:\n  {}x\n", "- ".repeat(10_000)),
            ProblemKind::Limit,
        ),
        (
            "10,000 nested flow mappings",
            format!(
                "{prefix}x: {}1{}",
                "{a: ".repeat(10_000),
                "}".repeat(10_000)
            ),
            ProblemKind::Limit,
        ),
        (
            "10 MB file",
            format!("{prefix}{}", "# padding\n".repeat(1024 * 1024)),
            ProblemKind::Limit,
        ),
        (
            "more than one document",
            format!("{prefix}---\na: 1\n"),
            ProblemKind::Syntax,
        ),
        (
            "unknown anchor",
            format!("{prefix}x: *nowhere\n"),
            ProblemKind::Syntax,
        ),
        (
            "custom tag",
            format!("{prefix}x: !!python/object:os.system ls\n"),
            ProblemKind::Syntax,
        ),
    ]
}

fn first_error(o: &Outcome, row: &str) -> Problem {
    assert_eq!(o.decision.code(), "error", "{row}: {:?}", o.reason_code());
    assert!(o.outputs.is_empty(), "{row}: no outputs on error");
    o.errors
        .first()
        .cloned()
        .unwrap_or_else(|| panic!("{row}: no problem"))
}

fn assert_positioned(p: &Problem, row: &str, kind: ProblemKind, file: &str) {
    assert_eq!(p.kind, kind, "{row}: {p}");
    assert_eq!(p.file, file, "{row}");
    assert!(p.line >= 1 && p.column >= 1, "{row}: no position: {p}");
    assert!(!p.message.is_empty() && !p.hint.is_empty(), "{row}: {p}");
}

fn schedule(config: &str, matrix: &str) -> Outcome {
    decide(&with_event(input(config, matrix), "schedule", json!({})))
}

#[test]
fn hostile_config_yaml_is_a_positioned_problem() {
    for (row, text, kind) in hostile_yaml(CONFIG) {
        let p = first_error(&schedule(&text, MATRIX), row);
        assert_positioned(&p, row, kind, "cfg.yml");
    }
}

#[test]
fn hostile_matrix_yaml_is_a_positioned_problem() {
    for (row, text, kind) in hostile_yaml(MATRIX) {
        let p = first_error(&schedule(CONFIG, &text), row);
        assert_positioned(&p, row, kind, "m.yml");
    }
}

#[test]
fn malformed_yaml_points_at_the_line() {
    let rows: Vec<(&str, String, String, ProblemKind, usize, usize)> = vec![
        // (row, config, matrix, kind, line, column)
        (
            "duplicate top-level key",
            format!("{CONFIG}name: \"{{id}}\"\n"),
            MATRIX.into(),
            ProblemKind::Syntax,
            CONFIG.lines().count() + 1,
            1,
        ),
        (
            "duplicate key in a flow mapping",
            CONFIG.replace("{ file: m.yml }", "{ file: m.yml, file: n.yml }"),
            MATRIX.into(),
            ProblemKind::Syntax,
            1,
            24,
        ),
        (
            "duplicate field in an entry",
            CONFIG.into(),
            "include:\n  - id: a1\n    svc: a\n    id: a2\n".into(),
            ProblemKind::Syntax,
            4,
            5,
        ),
        (
            // `1` and `"1"` differ in YAML but name the same field.
            "duplicate field under keys equal as text",
            CONFIG.into(),
            "include:\n  - id: a1\n    svc: a\n    1: x\n    \"1\": y\n".into(),
            ProblemKind::Syntax,
            5,
            5,
        ),
        (
            "tab-indented config",
            "matrix:\n\tfile: m.yml\n".into(),
            MATRIX.into(),
            ProblemKind::Syntax,
            2,
            0,
        ),
        (
            // The scanner reports the tab at the end of the scalar before it.
            "tab-indented matrix",
            CONFIG.into(),
            "include:\n  - id: a1\n\t  svc: a\n".into(),
            ProblemKind::Syntax,
            2,
            9,
        ),
        (
            "tab-indented matrix entry",
            CONFIG.into(),
            "include:\n\t- id: a1\n".into(),
            ProblemKind::Syntax,
            2,
            0,
        ),
    ];
    for (row, config, matrix, kind, line, column) in rows {
        let p = first_error(&schedule(&config, &matrix), row);
        let file = if config == CONFIG { "m.yml" } else { "cfg.yml" };
        assert_positioned(&p, row, kind, file);
        assert_eq!(p.line, line, "{row}: {p}");
        if column > 0 {
            assert_eq!(p.column, column, "{row}: {p}");
        }
        if row.starts_with("duplicate") {
            assert!(p.message.contains("duplicate key"), "{row}: {p}");
        }
        if row.starts_with("tab") {
            assert!(p.hint.contains("tab"), "{row}: {p}");
        }
    }
}

#[test]
fn a_hostile_previous_matrix_selects_every_entry() {
    let (out, _) = drive(
        with_event(input(CONFIG, MATRIX), "push", push_payload("a", "b")),
        |r| {
            let id = r["id"].as_str().unwrap();
            match r["kind"].as_str().unwrap() {
                "compare" => ok(
                    id,
                    json!({"status": "ahead", "totalCommits": 1, "files": [{"filename": "m.yml"}]}),
                ),
                "content" => ok(id, json!({"text": billion_laughs(MATRIX)})),
                k => panic!("{k}"),
            }
        },
    );
    assert_eq!(out.decision.code(), "filtered");
    assert_eq!(
        selected(&out),
        [("include".into(), 0), ("include".into(), 1)]
    );
    assert!(
        out.notes.iter().any(|n| n.contains("does not parse")),
        "{:?}",
        out.notes
    );
}

/// No output name or value may hold a raw line break; a runner command
/// (`::name`) may not start a line of anything logged.
fn assert_no_injection(o: &Outcome, row: &str) {
    for (name, value) in &o.outputs {
        assert!(
            name.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "{row}: name {name:?}"
        );
        assert!(
            !value.contains(['\n', '\r', '\0']),
            "{row}: {name}={value:?}"
        );
        if value.starts_with('{') || value.starts_with('[') {
            serde_json::from_str::<serde_json::Value>(value)
                .unwrap_or_else(|e| panic!("{row}: {name} is not JSON: {e}"));
        }
    }
    let logged = std::iter::once(o.summary.as_str())
        .chain(o.notes.iter().map(String::as_str))
        .chain(o.warnings.iter().map(String::as_str))
        .chain(std::iter::once(o.reason_detail.as_str()));
    for text in logged {
        for line in text.split(['\n', '\r']) {
            assert!(
                !line.trim_start().starts_with("::"),
                "{row}: a logged line starts a runner command: {line:?}"
            );
        }
    }
}

#[test]
fn hostile_changed_file_names_still_count() {
    let names = [
        "svc/a/x\ny",
        "svc/a/x\n::add-mask::x",
        "svc/a/x\n::set-output name=x::y",
        "svc/a/x\r\n::error::boom",
        "svc/a/ghadelimiter_x",
        "svc/a/x\nghadelimiter_1234\nhas-entries-1=false",
        "svc/a/x\0y",
        "svc/a/\u{202E}txt.exe",
        "svc/a/$(touch pwned)`id`",
    ];
    for name in names {
        let f = ChangedFile {
            filename: name.into(),
            status: Some("modified".into()),
            previous_filename: None,
        };
        let out = decide(&with_files(input(CONFIG, MATRIX), vec![f]));
        assert!(out.errors.is_empty(), "{name:?}: {:?}", out.errors);
        assert_eq!(out.decision.code(), "filtered", "{name:?}");
        assert_eq!(selected(&out), [("include".into(), 0)], "{name:?}");
        assert_eq!(output(&out, "build-a"), "true", "{name:?}");
        assert_eq!(output(&out, "has-entries-1"), "true", "{name:?}");
        let why = &out.partitions[0].entries[0].why[0];
        assert_eq!(
            why.file.as_deref(),
            Some(name),
            "the reason names the file as given"
        );
        assert_no_injection(&out, name);
    }
    // Outside every source directory, the same text selects nothing.
    let out = decide(&with_files(
        input(CONFIG, MATRIX),
        vec![file("other/x\n::set-output name=matrix-1::{}")],
    ));
    assert!(selected(&out).is_empty());
    assert_no_injection(&out, "unwatched");
}

fn event(name: &str, payload: String) -> Input {
    Input {
        event: Some(EventInput {
            name: name.into(),
            payload,
            force_all: false,
            repository: Some("o/r".into()),
        }),
        ..input(CONFIG, MATRIX)
    }
}

#[test]
fn unreadable_event_files_run_everything() {
    let huge = format!(
        "{{\"pad\":\"{}\",\"ref\":\"refs/heads/main\"}}",
        "x".repeat(26 * 1024 * 1024)
    );
    let rows: Vec<(&str, String)> = vec![
        ("empty", String::new()),
        ("blank", " \n\t\n".into()),
        ("not JSON", "{not json".into()),
        ("truncated JSON", "{\"ref\": \"refs/heads/ma".into()),
        ("a JSON array", "[{\"ref\": \"refs/heads/main\"}]".into()),
        ("a JSON string", "\"push\"".into()),
        ("JSON null", "null".into()),
        ("huge (26 MB)", huge),
    ];
    for event_name in ["push", "pull_request", "merge_group"] {
        for (row, payload) in &rows {
            let out = decide(&event(event_name, payload.clone()));
            assert!(out.errors.is_empty(), "{event_name} {row}");
            assert_eq!(
                (out.decision.code(), out.reason_code()),
                ("run-all", "event-unreadable"),
                "{event_name} {row}: {}",
                out.reason_detail
            );
            assert_eq!(selected(&out).len(), 2, "{event_name} {row}");
            assert_eq!(output(&out, "run-all"), "true");
            assert_no_injection(&out, row);
        }
    }
}

#[test]
fn an_empty_selection_writes_false_and_empty_matrices() {
    let inputs = [
        (
            "unrelated file",
            with_files(input(CONFIG, MATRIX), vec![file("docs/x.md")]),
        ),
        ("no files", with_files(input(CONFIG, MATRIX), vec![])),
        (
            "deleted branch",
            with_event(input(CONFIG, MATRIX), "push", {
                let mut p = push_payload("a", "0000000000000000000000000000000000000000");
                p["deleted"] = json!(true);
                p
            }),
        ),
    ];
    for (row, inp) in inputs {
        let out = decide(&inp);
        assert!(out.errors.is_empty(), "{row}: {:?}", out.errors);
        assert!(selected(&out).is_empty(), "{row}");
        let mut matrices = 0;
        let mut flags = 0;
        for (name, value) in &out.outputs {
            if name.starts_with("has-") || name.starts_with("build-") || name == "run-all" {
                assert_eq!(value, "false", "{row}: {name}");
                flags += 1;
            } else if name.starts_with("matrix") || name.starts_with("groups") {
                assert_eq!(value, r#"{"include":[]}"#, "{row}: {name}");
                matrices += 1;
            }
        }
        // Two shards with groups, and the second partition.
        assert_eq!((matrices, flags), (5, 8), "{row}: {:?}", out.outputs);
        assert_eq!(output(&out, "names"), "[]", "{row}");
    }
}

#[test]
fn unsafe_output_names_are_problems() {
    let bad = [
        "a=b",
        "a<<EOF",
        "a\nb",
        "a b",
        "a\rb",
        "",
        "a::b",
        "a\u{202E}b",
    ];
    for text in bad {
        let quoted = serde_json::to_string(text).unwrap();
        let rows = [
            (
                "partition matrix template",
                CONFIG.replace("matrix: matrix-other", &format!("matrix: {quoted}")),
                MATRIX.to_string(),
            ),
            (
                "partition id in a template",
                CONFIG
                    .replace("id: other", &format!("id: {quoted}"))
                    .replace("matrix: matrix-other", "matrix: \"m-{id}\""),
                MATRIX.to_string(),
            ),
            (
                "reason output",
                CONFIG.replace("outputs: {", &format!("outputs: {{ reason: {quoted},")),
                MATRIX.to_string(),
            ),
            (
                "name flag from a matrix value",
                CONFIG.to_string(),
                MATRIX.replace("svc: b", &format!("svc: {quoted}")),
            ),
        ];
        for (row, config, matrix) in rows {
            if text.is_empty() && row != "partition matrix template" && row != "reason output" {
                // `m-` and `build-` are safe names: an empty value is no problem.
                continue;
            }
            let p = first_error(&schedule(&config, &matrix), row);
            assert_eq!(p.kind, ProblemKind::OutputName, "{row} {text:?}: {p}");
            assert_eq!(p.file, "cfg.yml", "{row} {text:?}");
            assert!(
                !p.message.contains('\n'),
                "{row}: the message quotes the name"
            );
        }
    }
}
