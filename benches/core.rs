//! Native benchmark of the core (a plain binary; `cargo bench --bench core`).
//! Prints medians; never asserts timings.

use changed_backends::run::{Changes, EventInput, Source};
use changed_backends::select::ChangedFile;
use changed_backends::{decide, Input};
use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn time(runs: usize, mut f: impl FnMut()) -> f64 {
    f();
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed().as_secs_f64() * 1000.0
            })
            .collect(),
    )
}

fn main() {
    let config = include_str!("../examples/localai/changed-backends.yml");
    let matrix = include_str!("../tests/fixtures/localai/backend-matrix.yml");
    let base = Input {
        config: Source {
            path: "c.yml".into(),
            text: config.into(),
        },
        matrix: Some(Source {
            path: "m.yml".into(),
            text: matrix.into(),
        }),
        ..Input::default()
    };
    let files: Vec<ChangedFile> = (0..3000)
        .map(|i| ChangedFile {
            filename: format!("backend/python/b{}/f{i}.py", i % 90),
            status: None,
            previous_filename: None,
        })
        .collect();
    let input = Input {
        changes: Some(Changes { files }),
        ..base.clone()
    };
    let schedule = Input {
        event: Some(EventInput {
            name: "schedule".into(),
            ..Default::default()
        }),
        ..base.clone()
    };
    println!(
        "localai x 3000 files: {:.2} ms",
        time(20, || {
            decide(&input);
        })
    );
    println!(
        "localai schedule (run-all): {:.2} ms",
        time(20, || {
            decide(&schedule);
        })
    );
    let t = time(20, || {
        changed_backends::matrix::Matrix::parse(
            "m",
            matrix,
            &["include".into(), "includeDarwin".into()],
        )
        .unwrap();
    });
    println!("  matrix parse: {t:.2} ms");
    let c = changed_backends::config::Config::parse("c", config).unwrap();
    let m = changed_backends::matrix::Matrix::parse(
        "m",
        matrix,
        &["include".into(), "includeDarwin".into()],
    )
    .unwrap();
    println!(
        "  raw saphyr events: {:.2} ms ({} events)",
        time(20, || {
            raw_events(matrix);
        }),
        raw_events(matrix)
    );
    println!(
        "  rules build: {:.2} ms",
        time(20, || {
            changed_backends::rules::Rules::build(&c, &m, "m").unwrap();
        })
    );
}

#[allow(dead_code)]
fn raw_events(text: &str) -> usize {
    let mut p = saphyr_parser::Parser::new_from_str(text);
    let mut n = 0;
    while let Some(Ok(_)) = p.next_event() {
        n += 1;
    }
    n
}
