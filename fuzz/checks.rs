//! What each fuzz target checks, shared with the native regression tests
//! (tests/fuzz_regressions.rs includes this file), so a crashing input is
//! replayed through exactly the same code. Uses only the crate, serde_json and
//! regex-automata, which the crate depends on anyway.
// Each fuzz target uses one of these functions.
#![allow(dead_code)]

use changed_backends::config::Config;
use changed_backends::event::{normalize, Event, Reason};
use changed_backends::matrix::{scalar_json, FieldKeys, Matrix};
use changed_backends::pattern::{self, Builder, Scratch};
use changed_backends::run::{EventInput, MatrixText, Source};
use changed_backends::yaml::{readers, LIMITS};
use changed_backends::{decide, plan, Input, Outcome};
use regex_automata::meta::Regex;

fn safe_outputs(out: &Outcome) {
    for (name, value) in &out.outputs {
        assert!(
            !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "unsafe output name {name:?}"
        );
        assert!(!value.contains(['\n', '\r']), "{name}={value:?}");
    }
}

/// Config::parse on arbitrary UTF-8; a config that parses is then run against
/// a small matrix holding every list it names.
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let config = match Config::parse("c.yml", text) {
        Ok(c) => c,
        Err(p) => {
            assert!(
                p.line >= 1 && p.column >= 1,
                "problem without a position: {p}"
            );
            assert!(!p.message.is_empty());
            return;
        }
    };
    let entry = "{backend: x, dockerfile: ./backend/Dockerfile.python, lang: python, tag-suffix: -x, tag-latest: auto, platform-tag: amd64, svc: a, id: '1'}";
    let matrix: String = config
        .matrix
        .lists
        .iter()
        .map(|l| format!("{}: [{entry}]\n", serde_json::to_string(l).unwrap()))
        .collect();
    let input = Input {
        config: Source {
            path: "c.yml".into(),
            text: text.into(),
        },
        matrix: Some(MatrixText::new(matrix)),
        event: Some(EventInput {
            name: "schedule".into(),
            ..EventInput::default()
        }),
        ..Input::default()
    };
    safe_outputs(&decide(&input));
}

/// Matrix::parse on arbitrary UTF-8 with LocalAI's lists; a matrix that
/// parses writes each field as conditions read it, and equals itself.
pub fn matrix(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lists = ["include".to_string(), "includeDarwin".to_string()];
    for lists in [&lists[..1], &lists[..]] {
        // The entries read straight from the text are the tree's entries.
        if let Some(flat) = Matrix::parse_flat(text, lists) {
            match Matrix::parse_tree("m.yml", text, lists) {
                Ok(tree) => assert_eq!(format!("{flat:?}"), format!("{tree:?}")),
                Err(p) => panic!("read flat what the tree rejects: {p}"),
            }
        }
        let m = match Matrix::parse("m.yml", text, lists) {
            Ok(m) => m,
            Err(p) => {
                assert!(
                    p.line >= 1 && p.column >= 1,
                    "problem without a position: {p}"
                );
                continue;
            }
        };
        // Written through one cache of field names, as an output writes them.
        let mut keys = FieldKeys::default();
        for e in &m.entries {
            let json = e.to_json();
            assert_eq!(e.json_with(&mut keys), json.to_string());
            let object = json.as_object().expect("an entry is an object");
            // One output field per field: what a job receives is what
            // conditions and templates tested.
            assert_eq!(object.len(), e.fields.len(), "{:?}", e.fields);
            for (k, _) in &e.fields {
                let read = e.get(k).map(scalar_json);
                assert_eq!(object.get(&**k), read.as_ref(), "field {k:?}");
            }
            let _ = Matrix::key(e, &[]);
            let _ = Matrix::key(e, &["backend".to_string(), "tag-suffix".to_string()]);
        }
        for identity in [vec![], vec!["tag-suffix".to_string()]] {
            let changed = m.changed_since(&m, &identity);
            assert_eq!(changed.len(), m.entries.len());
            assert!(changed.iter().all(|c| !c), "a matrix differs from itself");
        }
    }
}

const EVENT_CONFIG: &str = "matrix: { file: m.yml }\nidentity: [id]\nname: \"{svc}\"\nsources:\n  - paths: [\"svc/{svc}/**\"]\nshared:\n  - files: [proto/api.proto]\n    select: all\n    unless: proto-additive\n";
const EVENT_MATRIX: &str = "include:\n  - {id: a1, svc: a}\n  - {id: b1, svc: b}\n";

fn sha_ok(s: &str) -> bool {
    !s.is_empty() && !s.bytes().all(|b| b == b'0')
}

/// event::normalize on an arbitrary name (the first line) and payload (the
/// rest); then the plan/decide walk on that event with a small config.
pub fn event(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (name, payload) = text.split_once('\n').unwrap_or((&text, ""));
    for repository in [None, Some("o/r")] {
        match normalize(name, payload, false, repository) {
            Event::Pull { base, head, .. } => assert!(sha_ok(&base) && sha_ok(&head)),
            Event::Push { before, after, .. } => assert!(sha_ok(&before) && sha_ok(&after)),
            Event::Range { base, head, .. } => assert!(!base.is_empty() && !head.is_empty()),
            Event::RunAll(reason, _) => assert_ne!(reason, Reason::Filtered),
            Event::Nothing(reason, _) => assert_eq!(reason, Reason::BranchDeleted),
        }
    }
    assert!(matches!(
        normalize(name, payload, true, None),
        Event::RunAll(Reason::ForceAll, _)
    ));
    let input = Input {
        config: Source {
            path: "c.yml".into(),
            text: EVENT_CONFIG.into(),
        },
        matrix: Some(MatrixText::new(EVENT_MATRIX)),
        event: Some(EventInput {
            name: name.into(),
            payload: payload.into(),
            force_all: false,
            repository: Some("o/r".into()),
        }),
        ..Input::default()
    };
    let p = plan(&input);
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    let out = decide(&input);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    safe_outputs(&out);
}

/// pattern::Builder on arbitrary pattern lists, checked against each pattern
/// compiled on its own into a plain regular expression (no literal fast path,
/// no shared automaton). Input: lists of patterns (one a line) separated by an
/// empty line; the last section holds the paths to match.
pub fn glob(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut sections: Vec<Vec<String>> = text
        .split("\n\n")
        .take(9)
        .map(|s| s.split('\n').take(32).map(str::to_string).collect())
        .collect();
    let paths = sections.pop().unwrap_or_default();
    let mut builder = Builder::default();
    let mut lists = Vec::new();
    for patterns in &sections {
        // Only lists that compile take part; one bad pattern rejects its list.
        if let Ok(id) = builder.add(patterns) {
            lists.push((id, patterns));
        }
    }
    // The automaton's size limits may refuse the set; that is an error, not a crash.
    let Ok(compiled) = builder.build() else {
        return;
    };
    let mut scratch = Scratch::default();
    for path in &paths {
        let got = compiled.matching(path, &mut scratch);
        assert!(got.windows(2).all(|w| w[0] < w[1]), "unsorted {got:?}");
        for (id, patterns) in &lists {
            // The last pattern that matches decides; `!` excludes.
            let mut included = false;
            for raw in patterns.iter() {
                let (negated, body) = match raw.strip_prefix('!') {
                    Some(rest) => (true, rest),
                    None => (false, raw.as_str()),
                };
                let re =
                    pattern::regex_for(&pattern::normalize(body)).expect("compiled in the builder");
                let Ok(alone) = Regex::new(&re) else {
                    return;
                };
                if alone.is_match(path.as_str()) {
                    included = !negated;
                }
            }
            assert_eq!(
                got.contains(id),
                included,
                "list {patterns:?} on path {path:?}"
            );
        }
    }
}

/// The fast YAML reader on arbitrary UTF-8: whatever it accepts, saphyr
/// reads as the same tree, positions included (compared through the debug
/// form, so a NaN equals a NaN).
pub fn yaml(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(fast) = readers::fast(text, &LIMITS) {
        match readers::full("f.yml", text, &LIMITS) {
            Ok(full) => assert_eq!(format!("{fast:?}"), format!("{full:?}"), "{text:?}"),
            Err(p) => panic!("the fast reader accepted what saphyr rejects ({p}): {text:?}"),
        }
    }
}
