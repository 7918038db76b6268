//! The wildcard automaton is built only when a path is matched: a run-all
//! never builds it, and a run that matches paths reports its failure as the
//! config's problem, as a run that built it eagerly did.

use changed_backends::error::ProblemKind;
use changed_backends::run::{Changes, EventInput, MatrixText, Source};
use changed_backends::select::ChangedFile;
use changed_backends::{decide, plan, Input};

/// Forty entries, each watching its own wildcard pattern of 1,000 bytes:
/// together too large for the automaton's size limit.
fn input(changes: bool) -> Input {
    let pattern = format!("d/{{n}}/{}", "*x".repeat(495));
    let config = format!("matrix: {{ file: m.yml }}\nsources:\n  - paths: [\"{pattern}\"]\n");
    let matrix: String = (0..40).fold(String::from("include:\n"), |mut m, n| {
        m.push_str(&format!("  - {{n: e{n}}}\n"));
        m
    });
    Input {
        config: Source {
            path: "c.yml".into(),
            text: config,
        },
        matrix: Some(MatrixText::new(&matrix)),
        // With an event, a schedule would decide a run-all; a list alone is matched.
        event: (!changes).then(|| EventInput {
            name: "schedule".into(),
            ..Default::default()
        }),
        changes: changes.then(|| Changes {
            files: vec![ChangedFile {
                filename: "d/e1/x".into(),
                status: Some("modified".into()),
                previous_filename: None,
            }],
        }),
        ..Input::default()
    }
}

#[test]
fn a_run_all_never_builds_the_automaton() {
    let input = input(false);
    assert!(plan(&input).errors.is_empty());
    let o = decide(&input);
    assert!(o.errors.is_empty(), "{:?}", o.errors);
    assert_eq!(
        (o.decision.code(), o.reason_code()),
        ("run-all", "schedule")
    );
}

#[test]
fn a_run_that_matches_reports_the_automaton_failure() {
    let input = input(true);
    for errors in [plan(&input).errors, decide(&input).errors] {
        assert_eq!(errors.len(), 1, "{errors:?}");
        let e = &errors[0];
        assert_eq!((e.kind, e.file.as_str()), (ProblemKind::Limit, "c.yml"));
        assert!(
            e.message
                .starts_with("the path patterns are too many or too complex to compile together"),
            "{}",
            e.message
        );
    }
}
