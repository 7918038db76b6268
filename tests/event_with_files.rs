//! An event together with a given file list: the list answers the event's
//! file-list requests, while the event still decides whether the run is
//! filtered and names the revisions content-aware rules compare with.

mod common;
use changed_backends::decide;
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
"#;

const MATRIX: &str = "include:\n  - {id: a1, svc: a}\n  - {id: b1, svc: b}\n";

const HEAD: &str = "2222222222222222222222222222222222222222";
const BASE: &str = "1111111111111111111111111111111111111111";

fn with_event_and_files(name: &str, payload: Value, files: Vec<&str>) -> changed_backends::Input {
    with_files(
        with_event(input(CONFIG, MATRIX), name, payload),
        files.into_iter().map(file).collect(),
    )
}

fn selected_ids(o: &changed_backends::Outcome) -> Vec<usize> {
    selected(o).into_iter().map(|(_, i)| i).collect()
}

/// Only workspace reads and revisions may reach the caller.
fn reads_only(r: &Value) -> changed_backends::fetch::Response {
    panic!("the file list should have answered {r}")
}

#[test]
fn a_push_is_filtered_by_the_given_list_without_asking() {
    let (out, asked) = drive(
        with_event_and_files("push", push_payload(BASE, HEAD), vec!["svc/b/main.go"]),
        reads_only,
    );
    assert!(asked.is_empty(), "{asked:?}");
    assert_eq!(out.decision.code(), "filtered");
    assert_eq!(
        out.reason_detail,
        "push compared before...after (1 changed path)"
    );
    assert_eq!(selected_ids(&out), [1]);
    assert_eq!(output(&out, "base-sha"), BASE);
}

#[test]
fn a_pull_request_takes_the_list_as_of_its_head() {
    let pr = json!({"number": 7, "pull_request": {"base": {"sha": BASE}, "head": {"sha": HEAD}},
                    "repository": {"name": "r", "owner": {"login": "o"}}});
    let (out, asked) = drive(
        with_event_and_files("pull_request", pr, vec!["svc/a/x", "svc/a/y"]),
        reads_only,
    );
    assert!(asked.is_empty(), "{asked:?}");
    assert_eq!(out.reason_detail, "pull request #7 files (2 changed paths)");
    assert_eq!(selected_ids(&out), [0]);
}

#[test]
fn the_event_still_decides_runs_that_are_never_filtered() {
    let tag = json!({"ref": "refs/tags/v1", "before": BASE, "after": HEAD, "repository": {"name": "r", "owner": {"login": "o"}}});
    let out = decide(&with_event_and_files("push", tag, vec!["svc/a/x"]));
    assert_eq!(out.decision.code(), "run-all");
    assert_eq!(out.reason_code(), "tag");
    let out = decide(&with_event_and_files(
        "schedule",
        json!({}),
        vec!["svc/a/x"],
    ));
    assert_eq!(out.reason_code(), "schedule");
}

#[test]
fn content_requests_use_the_events_repository_and_base() {
    let old = "syntax = \"proto3\";\nmessage Req { string name = 1; }\n";
    let new = "syntax = \"proto3\";\nmessage Req { string name = 1; int32 extra = 2; }\n";
    let (out, asked) = drive(
        with_event_and_files("push", push_payload(BASE, HEAD), vec!["proto/api.proto"]),
        move |r| {
            let id = r["id"].as_str().unwrap();
            match r["kind"].as_str().unwrap() {
                "content" => ok(id, json!({"text": old})),
                "read" => ok(id, json!({"text": new})),
                k => panic!("{k}"),
            }
        },
    );
    let content = asked.iter().find(|r| r["kind"] == "content").unwrap();
    assert_eq!(content["ref"], BASE);
    assert_eq!(content["owner"], "o");
    assert_eq!(content["repo"], "r");
    // An additive edit selects nothing: the revisions were compared.
    assert!(selected_ids(&out).is_empty(), "{:?}", out.notes);
}

#[test]
fn a_list_alone_is_still_the_change() {
    let out = decide(&with_files(input(CONFIG, MATRIX), vec![file("svc/a/x")]));
    assert_eq!(out.reason_detail, "changed files given (1 changed path)");
}

#[test]
fn the_default_config_path_is_one_constant() {
    assert_eq!(
        changed_backends::run::DEFAULT_CONFIG_PATH,
        ".github/changed-backends.yml"
    );
}
