//! Helpers shared by the integration tests.
#![allow(dead_code)]

use changed_backends::fetch::Response;
use changed_backends::run::{Changes, EventInput, MatrixText, Source};
use changed_backends::select::ChangedFile;
use changed_backends::{decide, plan, Input, Outcome};
use serde_json::{json, Value};

pub const LOCALAI_CONFIG: &str = include_str!("../../examples/localai/changed-backends.yml");
pub const LOCALAI_MATRIX: &str = include_str!("../fixtures/localai/backend-matrix.yml");

pub fn input(config: &str, matrix: &str) -> Input {
    Input {
        config: Source {
            path: "cfg.yml".into(),
            text: config.into(),
        },
        matrix: Some(MatrixText::new(matrix)),
        ..Input::default()
    }
}

pub fn localai() -> Input {
    input(LOCALAI_CONFIG, LOCALAI_MATRIX)
}

pub fn file(name: &str) -> ChangedFile {
    ChangedFile {
        filename: name.into(),
        status: Some("modified".into()),
        previous_filename: None,
    }
}

pub fn with_files(base: Input, files: Vec<ChangedFile>) -> Input {
    Input {
        changes: Some(Changes { files }),
        ..base
    }
}

pub fn with_event(base: Input, name: &str, payload: Value) -> Input {
    Input {
        event: Some(EventInput {
            name: name.into(),
            payload: payload.to_string(),
            force_all: false,
            repository: None,
        }),
        ..base
    }
}

pub fn ok(id: &str, data: Value) -> Response {
    serde_json::from_value(json!({"id": id, "ok": true, "data": data})).unwrap()
}

pub fn fail(id: &str, kind: &str, status: u16, message: &str) -> Response {
    serde_json::from_value(json!({"id": id, "ok": false, "error": {"kind": kind, "status": status, "message": message}})).unwrap()
}

/// Answer requests with `answer` until plan asks for nothing, then decide.
pub fn drive(mut input: Input, answer: impl Fn(&Value) -> Response) -> (Outcome, Vec<Value>) {
    let mut asked = Vec::new();
    for _ in 0..10 {
        let p = plan(&input);
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        if p.requests.is_empty() {
            break;
        }
        for r in p.requests {
            let r = serde_json::to_value(&r).unwrap();
            input.responses.push(answer(&r));
            asked.push(r);
        }
    }
    (decide(&input), asked)
}

pub fn output<'a>(o: &'a Outcome, name: &str) -> &'a str {
    o.outputs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| {
            panic!(
                "no output {name} in {:?}",
                o.outputs.iter().map(|(k, _)| k).collect::<Vec<_>>()
            )
        })
}

pub fn selected(o: &Outcome) -> Vec<(String, usize)> {
    o.partitions
        .iter()
        .flat_map(|p| p.entries.iter().map(|e| (e.list.clone(), e.index)))
        .collect()
}

pub fn push_payload(before: &str, after: &str) -> Value {
    json!({"ref": "refs/heads/main", "before": before, "after": after, "forced": false, "deleted": false,
           "repository": {"name": "r", "owner": {"login": "o"}}})
}

/// One edit of `text` for the readers' property tests, chosen by `at` and
/// `what`: a character removed, a space, a line break, one of `marks` or an
/// `x` inserted, or nothing. Edits take a text the fast readers read to one
/// they may leave to the tree, or to an error.
pub fn mutate(text: &str, at: usize, what: u8, marks: &[char]) -> String {
    let mut s: Vec<char> = text.chars().collect();
    if s.is_empty() {
        return text.to_string();
    }
    let i = at % s.len();
    match what % 6 {
        0 => {
            s.remove(i);
        }
        1 => s.insert(i, ' '),
        2 => s.insert(i, '\n'),
        3 => s.insert(i, marks[at % marks.len()]),
        4 => s.insert(i, 'x'),
        _ => {}
    }
    s.into_iter().collect()
}
