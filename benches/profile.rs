//! One action-shaped run of the core on LocalAI's matrix, for
//! instruction-count profiling: `plan` with the config alone (it asks for the
//! matrix), `plan` again with the matrix read, then `decide` — the calls the
//! action makes. The event is a `schedule` (run-all, nothing matched) unless
//! the first argument is `changes`: then 12 changed files are given, as a
//! small pull request's, and every path is matched. Given `inputs DIR NAME`
//! it reads `DIR/NAME-config.yml`… as written by `cargo bench --bench core --
//! --inputs DIR` (for the synthetic ones, `synth-config.yml` and
//! `synth-10000-matrix.yml`/`-files.json` when NAME is `synth-10000`) and
//! makes one full `decide` on them, as the native benchmark's full run does.
//!
//! ```sh
//! CARGO_PROFILE_BENCH_DEBUG=true cargo bench --bench profile --no-run
//! valgrind --tool=callgrind target/release/deps/profile-<hash> [changes | inputs DIR NAME]
//! ```
//!
//! Instruction counts repeat exactly, unlike wall time on a shared machine.

use changed_backends::fetch::Response;
use changed_backends::run::{Changes, EventInput, MatrixText, Source};
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

/// One full `decide` on inputs written by the native benchmark.
fn from_inputs(dir: &str, name: &str) {
    let read = |file: String| {
        std::fs::read_to_string(format!("{dir}/{file}")).unwrap_or_else(|e| panic!("{file}: {e}"))
    };
    let config = match name.strip_prefix("synth-") {
        Some(_) => read("synth-config.yml".into()),
        None => read(format!("{name}-config.yml")),
    };
    let files: Vec<ChangedFile> =
        serde_json::from_str(&read(format!("{name}-files.json"))).expect("changed files");
    let input = Input {
        config: Source {
            path: "config.yml".into(),
            text: config,
        },
        matrix: Some(MatrixText::new(read(format!("{name}-matrix.yml")))),
        changes: Some(Changes { files }),
        ..Input::default()
    };
    let outcome = decide(&input);
    println!(
        "{} errors, decision {}, {} outputs",
        outcome.errors.len(),
        outcome.decision,
        outcome.outputs.len()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [mode, dir, name] = args.as_slice() {
        if mode == "inputs" {
            return from_inputs(dir, name);
        }
    }
    let config = include_str!("../examples/localai/changed-backends.yml");
    let matrix = include_str!("../tests/fixtures/localai/backend-matrix.yml");
    let with_changes = args.first().map(String::as_str) == Some("changes");
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
