//! Fallback decisions, content-aware rules, shards, groups and bad input,
//! driven through the public plan/decide API with answers given as data.

mod common;
use changed_backends::decide;
use changed_backends::error::ProblemKind;
use common::*;
use serde_json::{json, Value};

const CONFIG: &str = r#"
matrix: { file: m.yml, lists: [include] }
identity: [id]
name: "{svc}"
sources:
  - paths: ["svc/{svc}/**"]
shared:
  - files: [proto/api.proto]
    select: all
    unless: proto-additive
ignore: ["**/*.md"]
partitions:
  - id: all
    shards: 2
    matrix: "matrix-{shard}"
    has-entries: "has-{shard}"
    group: { by: svc, carry: [tier], matrix: "groups-{shard}", has-entries: "has-groups-{shard}" }
outputs: { name-flags: "build-{name}" }
"#;

const MATRIX: &str = "include:\n  - {id: a1, svc: a, tier: x}\n  - {id: a2, svc: a, tier: x}\n  - {id: b1, svc: b, tier: y}\n";

fn base() -> changed_backends::Input {
    input(CONFIG, MATRIX)
}

fn ids(o: &changed_backends::Outcome) -> Vec<usize> {
    selected(o).into_iter().map(|(_, i)| i).collect()
}

fn compare_answer(
    files: Vec<Value>,
    status: &str,
) -> impl Fn(&Value) -> changed_backends::fetch::Response {
    let status = status.to_string();
    move |r: &Value| {
        let id = r["id"].as_str().unwrap();
        match r["kind"].as_str().unwrap() {
            "compare" => ok(
                id,
                json!({"status": status, "totalCommits": 1, "files": files}),
            ),
            other => panic!("unexpected {other}"),
        }
    }
}

#[test]
fn push_is_filtered_by_compare() {
    let (out, asked) = drive(
        with_event(base(), "push", push_payload("b4", "af")),
        compare_answer(
            vec![json!({"filename": "svc/b/main.go", "status": "modified"})],
            "ahead",
        ),
    );
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0]["id"], "compare:b4...af");
    assert_eq!(asked[0]["owner"], "o");
    assert_eq!(
        (out.decision.code(), out.reason_code()),
        ("filtered", "filtered")
    );
    assert_eq!(ids(&out), [2]);
    assert_eq!(output(&out, "build-b"), "true");
    assert_eq!(output(&out, "build-a"), "false");
    assert_eq!(output(&out, "names"), r#"["b"]"#);
}

#[test]
fn every_reason_code_is_reachable() {
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "push",
            json!({"ref": "refs/tags/v1", "before": "a", "after": "b"}),
            "tag",
        ),
        ("schedule", json!({}), "schedule"),
        ("workflow_dispatch", json!({}), "workflow-dispatch"),
        (
            "push",
            push_payload("0000000000000000000000000000000000000000", "af"),
            "first-push",
        ),
        ("issues", json!({}), "unknown-event"),
        ("pull_request", json!({"number": 1}), "missing-fields"),
    ];
    for (name, payload, reason) in cases {
        let out = decide(&with_event(base(), name, payload));
        assert_eq!(
            (out.decision.code(), out.reason_code()),
            ("run-all", reason),
            "{name}"
        );
        assert_eq!(ids(&out), [0, 1, 2]);
        assert_eq!(output(&out, "run-all"), "true");
    }
    let mut forced = with_event(base(), "push", push_payload("a", "b"));
    forced.event.as_mut().unwrap().force_all = true;
    assert_eq!(decide(&forced).reason_code(), "force-all");
    let mut unreadable = with_event(base(), "push", json!(null));
    unreadable.event.as_mut().unwrap().payload = "{not json".into();
    assert_eq!(decide(&unreadable).reason_code(), "event-unreadable");
    let mut deleted = push_payload("a", "0000000000000000000000000000000000000000");
    deleted["deleted"] = json!(true);
    let out = decide(&with_event(base(), "push", deleted));
    assert_eq!(
        (out.decision.code(), out.reason_code()),
        ("nothing", "branch-deleted")
    );
    assert!(ids(&out).is_empty());
    assert_eq!(output(&out, "matrix-1"), r#"{"include":[]}"#);
    assert_eq!(output(&out, "run-all"), "false");
    // api-error: the compare request failed.
    let (out, _) = drive(with_event(base(), "push", push_payload("a", "b")), |r| {
        fail(r["id"].as_str().unwrap(), "http", 404, "Not Found")
    });
    assert_eq!(out.reason_code(), "api-error");
    assert!(out.reason_detail.contains("404"));
    // A 403 from a token without the permission names it, as a warning.
    let (out, _) = drive(with_event(base(), "push", push_payload("a", "b")), |r| {
        fail(
            r["id"].as_str().unwrap(),
            "http",
            403,
            "Resource not accessible by integration",
        )
    });
    assert_eq!(out.reason_code(), "api-error");
    assert!(
        out.warnings[0].starts_with("building every entry (api-error)"),
        "{:?}",
        out.warnings
    );
    assert!(
        out.warnings[0].contains("`pull-requests: read`"),
        "{:?}",
        out.warnings
    );
    // An event that always builds everything is no warning.
    assert!(decide(&with_event(base(), "schedule", json!({})))
        .warnings
        .is_empty());
    // api-error: no answer at all.
    assert_eq!(
        decide(&with_event(base(), "push", push_payload("a", "b"))).reason_code(),
        "api-error"
    );
    // truncated: a pull request with 3,000 files.
    let many: Vec<Value> = (0..3000)
        .map(|i| json!({"filename": format!("f{i}")}))
        .collect();
    let pr = json!({"number": 5, "pull_request": {"base": {"sha": "b"}, "head": {"sha": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}}, "repository": {"name": "r", "owner": {"login": "o"}}});
    let (out, _) = drive(with_event(base(), "pull_request", pr), |r| {
        ok(
            r["id"].as_str().unwrap(),
            json!({"files": many, "headSha": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "changedFiles": 3000}),
        )
    });
    assert_eq!(out.reason_code(), "truncated");
    // too-many-files: over the configured limit.
    let small = CONFIG.replace("ignore:", "limits: { max-changed-files: 2 }\nignore:");
    let files = vec![file("x"), file("y"), file("z")];
    assert_eq!(
        decide(&with_files(input(&small, MATRIX), files)).reason_code(),
        "too-many-files"
    );
    // internal-error: the shim's precomputed fallback.
    let mut fallback = base();
    fallback.fallback_reason = Some("internal-error".into());
    assert_eq!(decide(&fallback).reason_code(), "internal-error");
}

#[test]
fn pull_request_that_moved_on_is_compared_at_the_event_head() {
    let pr = json!({"number": 5, "pull_request": {"base": {"sha": "b"}, "head": {"sha": "h"}}, "repository": {"name": "r", "owner": {"login": "o"}}});
    let (out, asked) = drive(with_event(base(), "pull_request", pr), |r| {
        let id = r["id"].as_str().unwrap();
        match r["kind"].as_str().unwrap() {
            "pull-files" => ok(
                id,
                json!({"files": [{"filename": "svc/a/x"}], "headSha": "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "changedFiles": 1}),
            ),
            "compare" => ok(
                id,
                json!({"status": "ahead", "totalCommits": 1, "files": [{"filename": "svc/b/x"}]}),
            ),
            k => panic!("{k}"),
        }
    });
    assert_eq!(asked.len(), 2);
    assert_eq!(asked[1]["id"], "compare:b...h");
    assert_eq!(ids(&out), [2]);
}

#[test]
fn capped_compare_falls_back_to_per_commit_listing() {
    let capped: Vec<Value> = (0..300)
        .map(|i| json!({"filename": format!("docs/{i}.md")}))
        .collect();
    let (out, asked) = drive(
        with_event(base(), "push", push_payload("a", "b")),
        move |r| {
            let id = r["id"].as_str().unwrap();
            match r["kind"].as_str().unwrap() {
                "compare" => ok(
                    id,
                    json!({"status": "ahead", "totalCommits": 2, "files": capped}),
                ),
                "commits" => ok(
                    id,
                    json!({"shas": ["cccccccccccccccccccccccccccccccccccccccc", "dddddddddddddddddddddddddddddddddddddddd"]}),
                ),
                "commit-files" if r["sha"] == "cccccccccccccccccccccccccccccccccccccccc" => {
                    ok(id, json!({"files": [{"filename": "svc/a/1"}]}))
                }
                "commit-files" => ok(id, json!({"files": [{"filename": "README.md"}]})),
                k => panic!("{k}"),
            }
        },
    );
    assert_eq!(
        asked.iter().filter(|r| r["kind"] == "commit-files").count(),
        2
    );
    assert_eq!(out.reason_code(), "filtered");
    assert_eq!(ids(&out), [0, 1]);
    // Over the commit budget: run everything, truncated.
    let capped: Vec<Value> = (0..300)
        .map(|i| json!({"filename": format!("docs/{i}.md")}))
        .collect();
    let (out, _) = drive(
        with_event(base(), "push", push_payload("a", "b")),
        move |r| {
            ok(
                r["id"].as_str().unwrap(),
                json!({"status": "ahead", "totalCommits": 500, "files": capped}),
            )
        },
    );
    assert_eq!(out.reason_code(), "truncated");
}

#[test]
fn forced_push_compares_both_directions() {
    let mut payload = push_payload("old", "new");
    payload["forced"] = json!(true);
    let (out, asked) = drive(with_event(base(), "push", payload), |r| {
        let id = r["id"].as_str().unwrap();
        let file = if id == "compare:old...new" {
            "svc/a/x"
        } else {
            "svc/b/gone"
        };
        ok(
            id,
            json!({"status": "diverged", "totalCommits": 1, "files": [{"filename": file, "status": "removed"}]}),
        )
    });
    assert_eq!(asked.len(), 2);
    assert_eq!(ids(&out), [0, 1, 2]);
}

#[test]
fn renames_count_under_both_names_and_ignore_applies() {
    let renamed = changed_backends::select::ChangedFile {
        filename: "svc/b/x".into(),
        status: Some("renamed".into()),
        previous_filename: Some("svc/a/x".into()),
    };
    assert_eq!(ids(&decide(&with_files(base(), vec![renamed]))), [0, 1, 2]);
    let out = decide(&with_files(base(), vec![file("svc/a/README.md")]));
    assert!(ids(&out).is_empty());
    assert!(out.notes.iter().any(|n| n.contains("ignore")));
}

fn self_diff(previous: Option<&str>, current: &str) -> Vec<usize> {
    let config = CONFIG
        .replace("ignore:", "ignore: []\nx-unused:")
        .replace("x-unused: [\"**/*.md\"]\n", "");
    let (out, _) = drive(
        with_event(input(&config, current), "push", push_payload("a", "b")),
        |r| {
            let id = r["id"].as_str().unwrap();
            match r["kind"].as_str().unwrap() {
                "compare" => ok(
                    id,
                    json!({"status": "ahead", "totalCommits": 1, "files": [{"filename": "m.yml"}]}),
                ),
                "content" => match previous {
                    Some(text) => ok(id, json!({"text": text})),
                    None => fail(id, "not-found", 404, "gone"),
                },
                k => panic!("{k}"),
            }
        },
    );
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    ids(&out)
}

#[test]
fn matrix_self_diff() {
    // Unchanged except formatting and order: nothing.
    assert!(self_diff(Some("include:\n  - {svc: b, id: b1, tier: y}\n  - {id: a1, svc: a, tier: x}\n  - {id: a2, svc: a, tier: x}\n"), MATRIX).is_empty());
    // One field changed.
    assert_eq!(
        self_diff(Some(&MATRIX.replace("tier: y", "tier: z")), MATRIX),
        [2]
    );
    // Added entry (previous lacks a2); removed entries select nothing.
    assert_eq!(self_diff(Some("include:\n  - {id: a1, svc: a, tier: x}\n  - {id: b1, svc: b, tier: y}\n  - {id: c1, svc: c}\n"), MATRIX), [1]);
    // Previous revision unavailable: everything.
    assert_eq!(self_diff(None, MATRIX), [0, 1, 2]);
}

const PROTO_OLD: &str = "syntax = \"proto3\";\nmessage Req { string name = 1; }\nservice S { rpc Do(Req) returns (Req); }\n";

fn proto_change(previous: Option<&str>, current: &str) -> (Vec<usize>, Vec<String>) {
    let current = current.to_string();
    let (out, _) = drive(
        with_event(base(), "push", push_payload("a", "b")),
        move |r| {
            let id = r["id"].as_str().unwrap();
            match r["kind"].as_str().unwrap() {
                "compare" => ok(
                    id,
                    json!({"status": "ahead", "totalCommits": 1, "files": [{"filename": "proto/api.proto"}]}),
                ),
                "content" => match previous {
                    Some(t) => ok(id, json!({"text": t})),
                    None => fail(id, "network", 0, "reset"),
                },
                "read" => ok(id, json!({"text": current})),
                k => panic!("{k}"),
            }
        },
    );
    assert_eq!(
        out.summary.matches("> note: ").count(),
        out.notes.len(),
        "notes reach the job summary"
    );
    (ids(&out), out.notes)
}

#[test]
fn proto_additive_and_breaking_edits() {
    let additive = PROTO_OLD.replace(
        "string name = 1;",
        "string name = 1; // kept\n  int32 extra = 2;",
    );
    let (sel, notes) = proto_change(Some(PROTO_OLD), &additive);
    assert!(sel.is_empty(), "{notes:?}");
    assert!(notes[0].contains("additive"));
    let breaking = PROTO_OLD.replace("string name = 1;", "string name = 3;");
    assert_eq!(proto_change(Some(PROTO_OLD), &breaking).0, [0, 1, 2]);
    assert_eq!(proto_change(None, &additive).0, [0, 1, 2]);
}

#[test]
fn shards_groups_and_the_256_limit() {
    let (out, _) = drive(with_event(base(), "schedule", json!({})), |_| {
        panic!("no requests")
    });
    assert_eq!(
        output(&out, "matrix-1"),
        r#"{"include":[{"id":"a1","svc":"a","tier":"x"},{"id":"a2","svc":"a","tier":"x"}]}"#
    );
    assert_eq!(
        output(&out, "matrix-2"),
        r#"{"include":[{"id":"b1","svc":"b","tier":"y"}]}"#
    );
    assert_eq!(
        output(&out, "groups-1"),
        r#"{"include":[{"svc":"a","tier":"x"}]}"#
    );
    assert_eq!(output(&out, "has-groups-2"), "true");
    // One selected entry in two shards: the second shard is empty but valid JSON.
    let out = decide(&with_files(base(), vec![file("svc/b/x")]));
    assert_eq!(
        output(&out, "matrix-1"),
        r#"{"include":[{"id":"b1","svc":"b","tier":"y"}]}"#
    );
    assert_eq!(
        (
            output(&out, "matrix-2"),
            output(&out, "has-2"),
            output(&out, "groups-2")
        ),
        (r#"{"include":[]}"#, "false", r#"{"include":[]}"#)
    );
    // 600 entries in 2 shards: 300 each is over the limit.
    let big: String = (0..600)
        .map(|i| format!("  - {{id: e{i}, svc: s{i}}}\n"))
        .collect();
    let out = decide(&with_event(
        input(CONFIG, &format!("include:\n{big}")),
        "schedule",
        json!({}),
    ));
    let e = &out.errors[0];
    assert_eq!(e.kind, ProblemKind::MatrixSize);
    assert!(e.hint.contains("shards: 3"), "{}", e.hint);
}

/// The limit holds for the whole matrix, not for what a run selects: a
/// partition too large for a full run fails a one-file change too, instead
/// of passing until the next schedule, tag or fallback must build it all.
#[test]
fn the_256_limit_is_checked_on_the_whole_matrix_on_every_run() {
    let matrix = |n: usize| -> String {
        let entries: String = (0..n)
            .map(|i| format!("  - {{id: e{i}, svc: s{i}}}\n"))
            .collect();
        format!("include:\n{entries}")
    };
    let one_file = |n: usize| {
        decide(&with_files(
            input(CONFIG, &matrix(n)),
            vec![file("svc/s1/x")],
        ))
    };
    // Two shards: 510 entries fit (255 each), 511 do not.
    let fits = one_file(510);
    assert!(fits.errors.is_empty(), "{:?}", fits.errors);
    assert_eq!(
        output(&fits, "matrix-1"),
        r#"{"include":[{"id":"e1","svc":"s1"}]}"#
    );
    let over = one_file(511);
    assert_eq!(over.outputs, vec![], "no outputs beside the error");
    let e = &over.errors[0];
    assert_eq!(e.kind, ProblemKind::MatrixSize);
    assert_eq!((e.line, e.column), (13, 5), "the partition's position");
    assert!(
        e.message.contains("511 entries") && e.message.contains("largest matrix would hold 256"),
        "{}",
        e.message
    );
    assert!(e.hint.contains("shards: 3"), "{}", e.hint);
    // The same holds when this run's selection is empty.
    let nothing = decide(&with_files(
        input(CONFIG, &matrix(511)),
        vec![file("README.md")],
    ));
    assert_eq!(nothing.errors[0].kind, ProblemKind::MatrixSize);
}

fn problem(config: &str, matrix: &str) -> changed_backends::error::Problem {
    let out = decide(&with_event(input(config, matrix), "schedule", json!({})));
    out.errors
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no error for {config}"))
}

#[test]
fn bad_input_gives_positions_and_hints() {
    let e = problem("matrix: {file: m.yml\n", MATRIX);
    assert_eq!(e.kind, ProblemKind::Syntax);
    let e = problem(&format!("{CONFIG}\nbogus: 1\n"), MATRIX);
    assert_eq!(
        (e.kind, e.file.as_str()),
        (ProblemKind::UnknownKey, "cfg.yml")
    );
    assert_eq!((e.line, e.column), (CONFIG.lines().count() + 2, 1));
    let e = problem(&CONFIG.replace("svc/{svc}/**", "svc/{nope}/**"), MATRIX);
    assert_eq!((e.kind, e.line), (ProblemKind::Template, 6));
    assert!(e.message.contains("nope"));
    let e = problem(&CONFIG.replace("svc/{svc}/**", "svc/[/**"), MATRIX);
    assert_eq!((e.kind, e.line), (ProblemKind::Glob, 6));
    // Numbers are asked for in YAML's words, not Rust's.
    let e = problem(&CONFIG.replace("    shards: 2", "    shards: two"), MATRIX);
    assert_eq!((e.kind, e.line), (ProblemKind::Type, 14));
    assert_eq!(
        (e.message.as_str(), e.hint.as_str()),
        (
            "`partitions[0].shards`: expected a whole number, found string \"two\"",
            "write it as a whole number"
        )
    );
    let e = problem(
        &format!("{CONFIG}limits: {{ max-changed-files: 1.5 }}\n"),
        MATRIX,
    );
    assert_eq!(e.kind, ProblemKind::Type);
    assert!(
        e.message.contains("expected a whole number"),
        "{}",
        e.message
    );
    let e = problem(&CONFIG.replace("build-{name}", "build {name}"), MATRIX);
    assert_eq!(e.kind, ProblemKind::OutputName);
    for bad in ["a=b", "a<<EOF", "a\nb"] {
        let e = problem(
            CONFIG,
            &MATRIX.replace(
                "svc: b,",
                &format!("svc: {},", serde_json::to_string(bad).unwrap()),
            ),
        );
        assert_eq!(e.kind, ProblemKind::OutputName, "{bad:?}");
    }
    let long = format!("svc/{}/**", "x".repeat(1100));
    let e = problem(&CONFIG.replace("svc/{svc}/**", &long), MATRIX);
    assert_eq!((e.kind, e.line), (ProblemKind::Limit, 6));
    let e = problem(
        CONFIG,
        &MATRIX.replace("svc: b,", &format!("svc: {},", "b".repeat(1100))),
    );
    assert_eq!(
        e.kind,
        ProblemKind::Limit,
        "a long value makes a long expanded pattern"
    );
    let e = problem(CONFIG, "include:\n  - {id: a, svc: [x]}\n");
    assert_eq!(
        (e.kind, e.file.as_str(), e.line),
        (ProblemKind::Matrix, "m.yml", 2)
    );
    let e = problem(CONFIG, "include:\n\t- {id: a}\n");
    assert_eq!((e.kind, e.line), (ProblemKind::Syntax, 2));
    let e = problem(
        CONFIG,
        &format!("include:\n{}", "  - {id: a, svc: a}\n".repeat(200_000)),
    );
    assert_eq!(e.kind, ProblemKind::Limit);
}

#[test]
fn base_sha_names_the_compared_commit_and_is_empty_on_run_all() {
    let (out, _) = drive(
        with_event(base(), "push", push_payload("b4", "af")),
        compare_answer(vec![json!({"filename": "svc/b/main.go"})], "ahead"),
    );
    assert_eq!(output(&out, "base-sha"), "b4");
    let out = decide(&with_event(base(), "schedule", json!({})));
    assert_eq!(output(&out, "base-sha"), "");
}

#[test]
fn last_success_compares_with_the_last_successful_run_of_the_branch() {
    const AF: &str = "af00000000000000000000000000000000000000";
    const OK: &str = "0c00000000000000000000000000000000000000";
    let mut input = with_event(base(), "push", push_payload("b4", AF));
    input.baseline = serde_json::from_value(json!({
        "mode": "last-success", "runId": "30",
        "workflowRef": "o/r/.github/workflows/build.yml@refs/heads/main"
    }))
    .unwrap();
    let run = |id: u64, sha: &str, conclusion: &str| {
        json!({"id": id, "run_number": id, "head_sha": sha, "head_branch": "main", "event": "push",
               "status": "completed", "conclusion": conclusion,
               "html_url": format!("https://github.com/o/r/actions/runs/{id}")})
    };
    let runs = json!({"total_count": 2, "workflow_runs": [run(30, AF, "success"), run(12, OK, "success")]});
    let (out, asked) = drive(input.clone(), |r| {
        let id = r["id"].as_str().unwrap();
        match r["kind"].as_str().unwrap() {
            "workflow-runs" => ok(id, runs.clone()),
            "compare" => ok(
                id,
                json!({"status": "ahead", "totalCommits": 3, "files": [{"filename": "svc/a/x.go"}]}),
            ),
            other => panic!("unexpected {other}"),
        }
    });
    assert_eq!(asked[0]["kind"], "workflow-runs");
    assert_eq!(asked[0]["workflow"], "build.yml");
    assert_eq!(asked[0]["branch"], "main");
    assert_eq!(asked[1]["id"], format!("compare:{OK}...{AF}"));
    assert_eq!(
        (out.decision.code(), out.reason_code()),
        ("filtered", "filtered")
    );
    assert_eq!(output(&out, "base-sha"), OK);
    assert!(
        out.reason_detail.contains("run #12"),
        "{}",
        out.reason_detail
    );
    assert!(
        out.summary
            .contains("[run #12](https://github.com/o/r/actions/runs/12) at `0c00000`, 3 commits"),
        "{}",
        out.summary
    );
    // Nothing usable: no-baseline, a run-all without a warning.
    let (out, _) = drive(input, |r| {
        let id = r["id"].as_str().unwrap();
        ok(
            id,
            json!({"total_count": 1, "workflow_runs": [run(30, AF, "success")]}),
        )
    });
    assert_eq!(
        (out.decision.code(), out.reason_code()),
        ("run-all", "no-baseline")
    );
    assert_eq!(output(&out, "base-sha"), "");
}

#[test]
fn an_edited_config_builds_everything_unless_ignored() {
    let changed = |names: &[&str]| {
        names
            .iter()
            .map(|n| json!({"filename": n, "status": "modified"}))
            .collect::<Vec<_>>()
    };
    let (out, _) = drive(
        with_event(base(), "push", push_payload("b4", "af")),
        compare_answer(changed(&["svc/b/main.go", "cfg.yml"]), "ahead"),
    );
    assert_eq!(
        (out.decision.code(), out.reason_code()),
        ("run-all", "config-changed")
    );
    assert_eq!(ids(&out), [0, 1, 2]);
    assert_eq!(output(&out, "run-all"), "true");
    assert!(
        out.reason_detail.contains("cfg.yml"),
        "{}",
        out.reason_detail
    );
    assert!(out.summary.contains("`config-changed`"), "{}", out.summary);
    assert!(
        out.warnings.is_empty(),
        "a deliberate full run: {:?}",
        out.warnings
    );

    // A rename away from the config path is an edit of the config too.
    let (out, _) = drive(
        with_event(base(), "push", push_payload("b4", "af")),
        compare_answer(
            vec![
                json!({"filename": "old.yml", "previous_filename": "cfg.yml", "status": "renamed"}),
            ],
            "ahead",
        ),
    );
    assert_eq!(out.reason_code(), "config-changed");

    // Listing the config in `ignore` opts out: the change is filtered as usual.
    let mut opted_out = base();
    opted_out.config.text =
        CONFIG.replace(r#"ignore: ["**/*.md"]"#, r#"ignore: ["**/*.md", cfg.yml]"#);
    let (out, _) = drive(
        with_event(opted_out, "push", push_payload("b4", "af")),
        compare_answer(changed(&["svc/b/main.go", "cfg.yml"]), "ahead"),
    );
    assert_eq!(
        (out.decision.code(), out.reason_code()),
        ("filtered", "filtered")
    );
    assert_eq!(ids(&out), [2]);
}

/// A changed file no rule looks at builds nothing; the notes (and so the log
/// and the job summary) say which, so a missing rule is seen, not guessed.
#[test]
fn changed_files_no_rule_watches_are_named_in_the_notes() {
    let out = decide(&with_files(
        base(),
        vec![file("svc/a/x"), file("tools/gen.sh"), file("README.md")],
    ));
    let unwatched: Vec<&String> = out
        .notes
        .iter()
        .filter(|n| n.contains("matched no rule"))
        .collect();
    assert_eq!(
        unwatched,
        [&"1 changed file(s) matched no rule and build nothing: \"tools/gen.sh\"; add them to `ignore` if that is intended, or to a rule if not".to_string()]
    );
    assert!(out.summary.contains("matched no rule"), "{}", out.summary);
    let many = (0..5).map(|i| file(&format!("tools/{i}.sh"))).collect();
    let out = decide(&with_files(base(), many));
    let note = out
        .notes
        .iter()
        .find(|n| n.contains("matched no rule"))
        .unwrap();
    assert!(
        note.starts_with("5 changed file(s)") && note.contains("\"tools/2.sh\" and 2 more;"),
        "{note}"
    );
    // Every file watched: no such note.
    let out = decide(&with_files(base(), vec![file("svc/b/x")]));
    assert!(!out.notes.iter().any(|n| n.contains("matched no rule")));
}

/// A condition on a field no entry has matches nothing: most likely a typo.
/// The run goes on (a config may be written ahead of its entries) but warns,
/// at the rule's place, with the nearest field.
#[test]
fn a_condition_on_a_field_no_entry_has_is_warned_about() {
    let config = CONFIG.replace("select: all", "select: { tir: x }");
    let out = decide(&with_files(
        input(&config, MATRIX),
        vec![file("proto/api.proto")],
    ));
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let warning = out
        .warnings
        .iter()
        .find(|w| w.contains("no entry"))
        .unwrap_or_else(|| panic!("{:?}", out.warnings));
    assert_eq!(
        warning,
        "cfg.yml:8:5: this rule compares field \"tir\", which no entry of \"m.yml\" has (did you mean \"tier\"?)"
    );
    // Once per field and rule, wherever it is compared (`any`, `not`).
    let config = CONFIG.replace(
        "select: all",
        "select: { any: [ { tir: x }, { not: { tir: y } }, { svc: a } ] }",
    );
    let out = decide(&with_files(
        input(&config, MATRIX),
        vec![file("proto/api.proto")],
    ));
    assert_eq!(
        out.warnings
            .iter()
            .filter(|w| w.contains("no entry"))
            .count(),
        1,
        "{:?}",
        out.warnings
    );
    // Asking only whether a field is there is not a comparison.
    let config = CONFIG.replace("select: all", "select: { tir: { present: false } }");
    let out = decide(&with_files(
        input(&config, MATRIX),
        vec![file("proto/api.proto")],
    ));
    assert!(
        !out.warnings.iter().any(|w| w.contains("no entry")),
        "{:?}",
        out.warnings
    );
    // The LocalAI example compares only fields its matrix has.
    let out = decide(&localai());
    assert!(
        !out.warnings.iter().any(|w| w.contains("no entry")),
        "{:?}",
        out.warnings
    );
}
