//! Answers that cannot be trusted whole, output names the runner would fold
//! together, untrusted text in messages, files that are not UTF-8: every one
//! ends in a failure with a reason or a positioned problem, never in a
//! partial truth.

mod common;
use changed_backends::error::ProblemKind;
use changed_backends::{decide, plan, Input};
use common::*;
use serde_json::{json, Value};

const CONFIG: &str = "matrix: { file: m.yml }\nname: \"{svc}\"\nsources:\n  - paths: [\"svc/{svc}/**\"]\nshared:\n  - label: \"proto\\n::add-mask::secret\\n::error::boom\"\n    files: [api.proto]\n    select: all\n    unless: proto-additive\n";
const MATRIX: &str = "include:\n  - { svc: a }\n  - { svc: b }\n";
const HEAD: &str = "1111111111111111111111111111111111111111";

fn pull(answer: impl Fn(&Value) -> changed_backends::fetch::Response) -> changed_backends::Outcome {
    let pr = json!({"number": 7, "pull_request": {"base": {"sha": "2222222222222222222222222222222222222222"}, "head": {"sha": HEAD}},
                    "repository": {"name": "r", "owner": {"login": "o"}}});
    drive(
        with_event(input(CONFIG, MATRIX), "pull_request", pr),
        answer,
    )
    .0
}

fn pull_files(files: Value, changed: Value, head: &str) -> changed_backends::Outcome {
    let head = head.to_string();
    pull(move |r| {
        ok(
            r["id"].as_str().unwrap(),
            json!({"files": files, "headSha": head, "changedFiles": changed}),
        )
    })
}

/// No line of a logged text may start a workflow command.
fn no_command_lines(text: &str) {
    assert!(
        !text.lines().any(|l| l.trim_start().starts_with("::")),
        "{text:?}"
    );
}

#[test]
fn a_pull_request_list_must_add_up_to_its_count() {
    let two = json!([{"filename": "svc/a/x"}, {"filename": "svc/b/y"}]);
    let out = pull_files(two.clone(), json!(2), HEAD);
    assert_eq!(
        (out.decision.code(), out.reason_code()),
        ("filtered", "filtered")
    );
    // Fewer names than the PR changes (a short page taken as the last).
    let out = pull_files(json!([{"filename": "svc/a/x"}]), json!(2), HEAD);
    assert_eq!(
        (out.decision.code(), out.reason_code()),
        ("run-all", "truncated")
    );
    assert!(out
        .reason_detail
        .contains("1 distinct files were listed but the pull request changes 2"));
    // A shifted page repeats a name: distinct names count, not rows.
    let dup = json!([{"filename": "svc/a/x"}, {"filename": "svc/a/x"}]);
    assert_eq!(pull_files(dup, json!(2), HEAD).reason_code(), "truncated");
    // No count at all is a malformed answer.
    assert_eq!(
        pull_files(two, Value::Null, HEAD).reason_code(),
        "api-error"
    );
}

#[test]
fn a_head_sha_that_is_not_forty_hex_digits_is_malformed() {
    let files = json!([{"filename": "svc/a/x"}]);
    let out = pull_files(files, json!(1), "abc\n::add-mask::x");
    assert_eq!(
        (out.decision.code(), out.reason_code()),
        ("run-all", "api-error")
    );
    no_command_lines(&out.reason_detail);
    for w in &out.warnings {
        no_command_lines(w);
    }
}

#[test]
fn commit_shas_from_the_api_must_be_shas() {
    let capped: Vec<Value> = (0..300)
        .map(|i| json!({"filename": format!("docs/{i}.md")}))
        .collect();
    let (out, asked) = drive(
        with_event(
            input(CONFIG, MATRIX),
            "push",
            push_payload(HEAD, "3333333333333333333333333333333333333333"),
        ),
        move |r| {
            let id = r["id"].as_str().unwrap();
            match r["kind"].as_str().unwrap() {
                "compare" => ok(
                    id,
                    json!({"status": "ahead", "totalCommits": 1, "files": capped}),
                ),
                "commits" => ok(id, json!({"shas": ["x\n::error::boom"]})),
                k => panic!("no {k} request may be built from a bad sha"),
            }
        },
    );
    assert_eq!(asked.len(), 2);
    assert_eq!(
        (out.decision.code(), out.reason_code()),
        ("run-all", "api-error")
    );
    assert!(out.reason_detail.contains("40 hexadecimal"));
    no_command_lines(&out.reason_detail);
}

#[test]
fn a_rename_must_name_its_previous_path() {
    for bad in [
        json!({"filename": "svc/b/y", "status": "renamed"}),
        json!({"filename": "svc/b/y", "status": "renamed", "previous_filename": null}),
        json!({"filename": "svc/b/y", "status": "renamed", "previous_filename": 5}),
    ] {
        let out = pull_files(json!([bad]), json!(1), HEAD);
        assert_eq!(
            (out.decision.code(), out.reason_code()),
            ("run-all", "api-error"),
            "{bad}"
        );
    }
    let good = json!({"filename": "svc/b/y", "status": "renamed", "previous_filename": "svc/a/y"});
    let out = pull_files(json!([good]), json!(1), HEAD);
    assert_eq!(out.reason_code(), "filtered");
    assert_eq!(selected(&out).len(), 2, "both names count");
}

#[test]
fn failure_messages_quote_the_ids_they_name() {
    // A changed file's name lands in the content request's id.
    let name = "x\n::add-mask::y.proto";
    let config = CONFIG.replace("files: [api.proto]", "files: [\"**/*.proto\"]");
    let (out, _) = drive(
        with_event(
            input(&config, MATRIX),
            "push",
            push_payload(HEAD, "3333333333333333333333333333333333333333"),
        ),
        move |r| {
            let id = r["id"].as_str().unwrap();
            match r["kind"].as_str().unwrap() {
                "compare" => ok(
                    id,
                    json!({"status": "ahead", "totalCommits": 1, "files": [{"filename": name, "status": "modified"}]}),
                ),
                "content" => fail(id, "http", 500, "boom\n::error::x"),
                "read" => ok(id, json!({"text": "syntax = \"proto3\";\n"})),
                k => panic!("{k}"),
            }
        },
    );
    assert_eq!(out.reason_code(), "api-error");
    for text in out
        .warnings
        .iter()
        .chain(&out.notes)
        .chain([&out.reason_detail])
    {
        no_command_lines(text);
    }
}

#[test]
fn a_rule_label_is_quoted_in_notes() {
    let (out, _) = drive(
        with_event(
            input(CONFIG, MATRIX),
            "push",
            push_payload(HEAD, "3333333333333333333333333333333333333333"),
        ),
        |r| {
            let id = r["id"].as_str().unwrap();
            match r["kind"].as_str().unwrap() {
                "compare" => ok(
                    id,
                    json!({"status": "ahead", "totalCommits": 1, "files": [{"filename": "api.proto", "status": "modified"}]}),
                ),
                "content" => ok(
                    id,
                    json!({"text": "syntax = \"proto3\";\nmessage A { string b = 1; }\n"}),
                ),
                "read" => ok(id, json!({"text": "syntax = \"proto3\";\nmessage A { }\n"})),
                k => panic!("{k}"),
            }
        },
    );
    assert_eq!(out.reason_code(), "filtered");
    assert!(
        out.notes[0].starts_with("\"proto\\n::add-mask::secret"),
        "{:?}",
        out.notes
    );
    for n in &out.notes {
        no_command_lines(n);
    }
}

#[test]
fn a_failure_that_selects_everything_is_a_run_all() {
    let (out, _) = drive(
        with_event(
            input(CONFIG, MATRIX),
            "push",
            push_payload(HEAD, "3333333333333333333333333333333333333333"),
        ),
        |r| {
            let id = r["id"].as_str().unwrap();
            match r["kind"].as_str().unwrap() {
                "compare" => ok(
                    id,
                    json!({"status": "ahead", "totalCommits": 1, "files": [{"filename": "m.yml", "status": "modified"}]}),
                ),
                "content" => fail(id, "network", 0, "cut off"),
                k => panic!("{k}"),
            }
        },
    );
    assert_eq!(
        (out.decision.code(), out.reason_code()),
        ("run-all", "api-error")
    );
    assert_eq!(output(&out, "run-all"), "true");
    assert!(out.reason_detail.contains("could not be read"));
}

#[test]
fn output_names_are_unique_regardless_of_case() {
    let config = "matrix: { file: m.yml }\nname: \"{svc}\"\nsources:\n  - paths: [\"svc/{svc}/**\"]\noutputs: { name-flags: \"{name}\" }\n";
    let out = decide(&with_files(
        input(config, "include:\n  - { svc: api }\n  - { svc: Matrix }\n"),
        vec![],
    ));
    let p = &out.errors[0];
    assert_eq!(p.kind, ProblemKind::OutputName);
    assert!(
        p.message.contains("\"Matrix\" collides with \"matrix\""),
        "{}",
        p.message
    );
    assert!(p.message.contains("\"{name}\"") && p.message.contains("case-insensitively"));
    assert_eq!((p.line, p.column), (5, 24));
}

#[test]
fn a_template_cannot_make_the_built_in_base_sha_output() {
    let config = "matrix: { file: m.yml }\nname: \"{svc}\"\nsources:\n  - paths: [\"svc/{svc}/**\"]\noutputs: { name-flags: \"{name}\" }\n";
    for svc in ["base-sha", "Base-SHA"] {
        let out = decide(&with_files(
            input(
                config,
                &format!("include:\n  - {{ svc: api }}\n  - {{ svc: {svc} }}\n"),
            ),
            vec![],
        ));
        let p = &out.errors[0];
        assert_eq!(p.kind, ProblemKind::OutputName);
        assert!(p.message.contains("is reserved"), "{}", p.message);
        assert_eq!((p.line, p.column), (5, 24));
    }
}

fn without_matrix(config: &str) -> Input {
    Input {
        matrix: None,
        ..input(config, "")
    }
}

#[test]
fn an_unreadable_matrix_is_reported_at_the_matrix_file_key() {
    let mut i = with_files(without_matrix("# x\nmatrix:\n  file: nope.yml\n"), vec![]);
    let asked = plan(&i).requests;
    assert_eq!(asked.len(), 1);
    i.responses.push(fail(
        &asked[0].id,
        "not-found",
        0,
        "\"nope.yml\" does not exist",
    ));
    let p = &plan(&i).errors[0];
    assert_eq!(
        (p.kind, p.file.as_str(), p.line, p.column),
        (ProblemKind::Matrix, "cfg.yml", 3, 9)
    );
}

#[test]
fn invalid_utf8_is_an_error_at_its_line_and_column() {
    // The matrix, answered as bytes.
    let mut i = with_files(without_matrix("matrix: { file: m.yml }\n"), vec![]);
    let id = plan(&i).requests[0].id.clone();
    let bytes: Vec<u8> = b"include:\n  - { a: \"\xc3\x28\" }\n".to_vec();
    i.responses.push(ok(&id, json!({"bytes": bytes})));
    let p = &plan(&i).errors[0];
    assert_eq!(
        (p.kind, p.file.as_str(), p.line, p.column),
        (ProblemKind::Syntax, "m.yml", 2, 11)
    );
    // The config, given as bytes.
    let mut i = input("", MATRIX);
    i.config_bytes = Some(b"matrix: { file: m.yml }\n# caf\xe9\n".to_vec());
    let p = &decide(&with_files(i, vec![])).errors[0];
    assert_eq!((p.file.as_str(), p.line, p.column), ("cfg.yml", 2, 6));
}

#[test]
fn an_oversized_event_says_so() {
    let mut i = with_event(input(CONFIG, MATRIX), "push", json!(""));
    i.event.as_mut().unwrap().payload = String::new();
    i.event_size = Some(26 * 1024 * 1024);
    let out = decide(&i);
    assert_eq!(out.reason_code(), "event-unreadable");
    assert!(
        out.reason_detail.contains("over 25 MB"),
        "{}",
        out.reason_detail
    );
}

/// The pull request's head when its files began to be listed must be the
/// event's too: a head that moved away and back may have had its own files
/// listed in between, so the event's range is compared instead.
#[test]
fn a_head_that_moved_away_and_back_while_listing_is_not_trusted() {
    let other = "3333333333333333333333333333333333333333";
    let answer = |before: Value| {
        move |r: &Value| {
            let id = r["id"].as_str().unwrap();
            match r["kind"].as_str().unwrap() {
                "pull-files" => ok(
                    id,
                    json!({"files": [{"filename": "docs/a.md"}], "headSha": HEAD, "headShaBefore": before, "changedFiles": 1}),
                ),
                "compare" => ok(
                    id,
                    json!({"status": "ahead", "totalCommits": 1, "files": [{"filename": "svc/b/x"}]}),
                ),
                k => panic!("{k}"),
            }
        }
    };
    let out = pull(answer(json!(other)));
    assert_eq!(out.reason_code(), "filtered");
    assert!(
        out.reason_detail.contains("moved on"),
        "{}",
        out.reason_detail
    );
    assert_eq!(selected(&out), [("include".to_string(), 1)]);
    // The same head before and after: the listed files stand.
    let out = pull(answer(json!(HEAD)));
    assert_eq!(selected(&out), []);
    assert!(!out.reason_detail.contains("moved on"));
    // A head before that is not a sha is a malformed answer.
    let out = pull(answer(json!({"sha": HEAD})));
    assert_eq!(out.reason_code(), "api-error");
    assert!(
        out.reason_detail.contains("headShaBefore"),
        "{}",
        out.reason_detail
    );
}

fn capped_push(shas: Value, commit_files: fn(&str) -> Value) -> changed_backends::Outcome {
    let capped: Vec<Value> = (0..300)
        .map(|i| json!({"filename": if i == 7 { "svc/b/seen-in-compare".to_string() } else { format!("docs/{i}.md") }}))
        .collect();
    let push = json!({"ref": "refs/heads/main", "before": "2222222222222222222222222222222222222222", "after": HEAD,
                      "repository": {"name": "r", "owner": {"login": "o"}}});
    drive(with_event(input(CONFIG, MATRIX), "push", push), move |r| {
        let id = r["id"].as_str().unwrap();
        match r["kind"].as_str().unwrap() {
            "compare" => ok(
                id,
                json!({"status": "ahead", "totalCommits": 2, "files": capped}),
            ),
            "commits" => ok(id, json!({ "shas": shas })),
            "commit-files" => ok(id, commit_files(r["sha"].as_str().unwrap())),
            k => panic!("{k}"),
        }
    })
    .0
}

#[test]
fn a_commit_listed_twice_does_not_stand_in_for_one_never_listed() {
    let c1 = "cccccccccccccccccccccccccccccccccccccccc";
    let out = capped_push(
        json!([c1, c1]),
        |_| json!({"files": [{"filename": "docs/x.md"}]}),
    );
    assert_eq!(out.reason_code(), "truncated");
    assert!(
        out.reason_detail
            .contains("1 distinct commits listed for a range of 2"),
        "{}",
        out.reason_detail
    );
}

#[test]
fn a_capped_compare_s_own_files_count_beside_each_commit_s() {
    let shas = json!([
        "cccccccccccccccccccccccccccccccccccccccc",
        "dddddddddddddddddddddddddddddddddddddddd"
    ]);
    // The commits' lists miss a file the compare named: it still counts.
    let out = capped_push(shas, |_| json!({"files": [{"filename": "svc/a/x"}]}));
    assert_eq!(out.reason_code(), "filtered");
    assert_eq!(
        selected(&out),
        [("include".to_string(), 0), ("include".to_string(), 1)]
    );
}
