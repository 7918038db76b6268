//! One action-shaped run of the core on LocalAI's matrix, for
//! instruction-count profiling: `plan` with the config alone (it asks for the
//! matrix), `plan` again with the matrix read, then `decide` — the calls the
//! action makes. The event is a `schedule` (run-all, nothing matched) unless
//! the first argument is `changes`: then 12 changed files are given, as a
//! small pull request's, and every path is matched.
//!
//! ```sh
//! CARGO_PROFILE_BENCH_DEBUG=true cargo bench --bench profile --no-run
//! valgrind --tool=callgrind target/release/deps/profile-<hash> [changes]
//! ```
//!
//! Instruction counts repeat exactly, unlike wall time on a shared machine.

use changed_backends::fetch::Response;
use changed_backends::run::{Changes, EventInput, Source};
use changed_backends::select::ChangedFile;
use changed_backends::{decide, plan, Input};

const CHANGED: [&str; 12] = [
    "backend/python/vllm/backend.py",
    "backend/python/vllm/requirements.txt",
    "backend/go/whisper/gowhisper.go",
    "backend/cpp/llama-cpp/grpc-server.cpp",
    "backend/Dockerfile.python",
    "pkg/grpc/server.go",
    "pkg/grpc/server_test.go",
    "scripts/build/package-gpu-libs.sh",
    "docs/content/backends.md",
    "README.md",
    "core/http/app.go",
    "gallery/index.yaml",
];

fn main() {
    let config = include_str!("../examples/localai/changed-backends.yml");
    let matrix = include_str!("../tests/fixtures/localai/backend-matrix.yml");
    let with_changes = std::env::args().nth(1).as_deref() == Some("changes");
    let mut input = Input {
        config: Source {
            path: ".github/changed-backends.yml".into(),
            text: config.into(),
        },
        // A list of changed files alone is filtered; with an event, the
        // schedule would decide a run-all.
        event: (!with_changes).then(|| EventInput {
            name: "schedule".into(),
            ..Default::default()
        }),
        changes: with_changes.then(|| Changes {
            files: CHANGED
                .iter()
                .map(|f| ChangedFile {
                    filename: f.to_string(),
                    status: Some("modified".into()),
                    previous_filename: None,
                })
                .collect(),
        }),
        ..Input::default()
    };
    let first = plan(&input);
    for request in &first.requests {
        input.responses.push(Response {
            id: request.id.clone(),
            ok: true,
            data: serde_json::json!({ "text": matrix }),
            error: None,
        });
    }
    let second = plan(&input);
    let outcome = decide(&input);
    println!(
        "{} + {} requests, {} errors, decision {}, {} outputs",
        first.requests.len(),
        second.requests.len(),
        outcome.errors.len(),
        outcome.decision,
        outcome.outputs.len()
    );
}
