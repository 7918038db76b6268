//! One action-shaped run of the core (plan, the shim's fallback, decide) on
//! LocalAI's matrix with a schedule event, for instruction-count profiling:
//!
//! ```sh
//! CARGO_PROFILE_BENCH_DEBUG=true cargo bench --bench profile --no-run
//! valgrind --tool=callgrind target/release/deps/profile-<hash>
//! ```
//!
//! Instruction counts repeat exactly, unlike wall time on a shared machine.

use changed_backends::run::{EventInput, MatrixText, Source};
use changed_backends::{decide, plan, Input};

fn main() {
    let config = include_str!("../examples/localai/changed-backends.yml");
    let matrix = include_str!("../tests/fixtures/localai/backend-matrix.yml");
    let input = Input {
        config: Source {
            path: ".github/changed-backends.yml".into(),
            text: config.into(),
        },
        matrix: Some(MatrixText::new(matrix)),
        event: Some(EventInput {
            name: "schedule".into(),
            ..Default::default()
        }),
        ..Input::default()
    };
    let planned = plan(&input);
    let fallback = decide(&Input {
        fallback_reason: Some("internal-error".into()),
        ..input.clone()
    });
    let outcome = decide(&input);
    println!(
        "{} requests, {} fallback outputs, {} outputs",
        planned.requests.len(),
        fallback.outputs.len(),
        outcome.outputs.len()
    );
}
