//! Native benchmark of the core (a plain binary: `cargo bench --bench core`).
//!
//! Prints one JSON object per line (`{"bench": ..., "ms": ...}`) for
//! `js/scripts/bench.sh` to collect; never asserts timings. Every figure is
//! the median of at least 15 runs after one unmeasured warm-up run.
//!
//! `cargo bench --bench core -- --inputs DIR` also writes the generated
//! inputs (configs, matrices, changed files) to DIR, so the WebAssembly
//! benchmark measures exactly the same work.
//!
//! `decide` keeps the last compiled config + matrix (keyed by their texts).
//! "full" runs alternate between two config texts that differ by a comment,
//! so every call parses, compiles, selects and renders; "warm" runs repeat
//! the same texts, so they measure the memo hit: the config re-parse, the
//! text comparison, selection and rendering.

use changed_backends::config::Config;
use changed_backends::matrix::Matrix;
use changed_backends::rules::Rules;
use changed_backends::run::{Changes, EventInput, MatrixText, Source};
use changed_backends::select::{self, ChangedFile, Revisions};
use changed_backends::{decide, outputs, Input, Outcome};
use serde_json::{json, Value};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

const LOCALAI_CONFIG: &str = include_str!("../examples/localai/changed-backends.yml");
const LOCALAI_MATRIX: &str = include_str!("../tests/fixtures/localai/backend-matrix.yml");
const FILES: usize = 3000;
const RUNS: usize = 15;
const GROWTH: [usize; 4] = [1000, 2000, 4000, 8000];
const SYNTH_ENTRIES: usize = 10_000;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Median milliseconds of `runs` calls, after one unmeasured call.
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

fn emit(v: Value) {
    println!("{v}");
}

/// A small deterministic generator (64-bit LCG), so every run sees the same inputs.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

fn file(name: String, status: &str) -> ChangedFile {
    ChangedFile {
        filename: name,
        status: Some(status.to_string()),
        previous_filename: None,
    }
}

/// A status mix like a large pull request's: mostly modified, some added and removed.
fn status(rng: &mut Lcg) -> &'static str {
    match rng.below(20) {
        0..=2 => "added",
        3 => "removed",
        _ => "modified",
    }
}

fn source(path: &str, text: &str) -> Source {
    Source {
        path: path.into(),
        text: text.into(),
    }
}

fn input(config: &str, matrix: &str, files: &[ChangedFile]) -> Input {
    Input {
        config: source("config.yml", config),
        matrix: Some(MatrixText::new(matrix)),
        changes: Some(Changes {
            files: files.to_vec(),
        }),
        ..Input::default()
    }
}

fn selected(o: &Outcome) -> usize {
    o.partitions.iter().map(|p| p.entries.len()).sum()
}

/// 3,000 changed files for LocalAI: sources of about 40 backends across
/// python, go, rust and C++, a Dockerfile, shared Go packages (tests too),
/// the Darwin workflow, docs and core code that no rule watches.
fn localai_files() -> Vec<ChangedFile> {
    let lists = ["include".to_string(), "includeDarwin".to_string()];
    let m = Matrix::parse("m.yml", LOCALAI_MATRIX, &lists).expect("LocalAI matrix parses");
    let mut dirs: Vec<String> = Vec::new();
    for e in m.entries.iter().filter(|e| e.list == 0) {
        let (Some(backend), Some(dockerfile)) = (e.text("backend"), e.text("dockerfile")) else {
            continue;
        };
        let lang = match dockerfile.rsplit('.').next().unwrap_or("") {
            "python" => "python",
            "golang" => "go",
            "rust" => "rust",
            _ => "cpp",
        };
        let dir = format!("backend/{lang}/{backend}");
        if !dirs.contains(&dir) {
            dirs.push(dir);
        }
    }
    // About every other backend directory is touched.
    let touched: Vec<&String> = dirs.iter().step_by(2).take(40).collect();
    let mut rng = Lcg(0x10ca1);
    let mut out = Vec::with_capacity(FILES);
    for i in 0..FILES {
        let s = status(&mut rng);
        let name = match i % 20 {
            // 60 %: backend sources, a few of them tests and READMEs
            0..=11 => {
                let dir = touched[rng.below(touched.len())];
                match rng.below(8) {
                    0 => format!("{dir}/README.md"),
                    1 => format!("{dir}/test_{i}.py"),
                    2 => format!("{dir}/Makefile"),
                    _ => format!("{dir}/src/mod{i}.{}", ["py", "go", "rs", "cpp"][i % 4]),
                }
            }
            // 5 %: the rust Dockerfile and the Darwin build workflow
            12 => match rng.below(2) {
                0 => "backend/Dockerfile.rust".to_string(),
                _ => ".github/workflows/backend_build_darwin.yml".to_string(),
            },
            // 10 %: shared Go packages (half of them tests, which no rule takes)
            13 | 14 => format!(
                "pkg/{}/f{i}{}",
                ["grpc", "utils", "store", "audio"][rng.below(4)],
                ["_test.go", ".go"][rng.below(2)]
            ),
            // 25 %: docs, core server code, gallery, UI: watched by nothing
            15 | 16 => format!("docs/content/page{i}.md"),
            17 => format!("core/http/endpoints/e{i}.go"),
            18 => format!("gallery/model{i}.yaml"),
            _ => format!("core/http/static/chat{i}.js"),
        };
        out.push(file(name, s));
    }
    // A couple of renames, counting under both names.
    out[7].previous_filename = Some("backend/python/old-name/backend.py".into());
    out[7].status = Some("renamed".into());
    out
}

const LANGS: [&str; 5] = ["python", "go", "rust", "cpp", "node"];
const GPU: [&str; 3] = ["cuda", "rocm", "vulkan"];

/// A LocalAI-shaped matrix of `n` entries: `n / 5` backends, each built as
/// CPU amd64 + arm64 (a multi-arch pair sharing a tag) and three GPU variants.
fn synth_matrix(n: usize) -> String {
    let mut s = String::with_capacity(n * 360);
    s.push_str("# generated: ");
    let _ = writeln!(s, "{n} entries\ninclude:");
    for i in 0..n {
        let b = i / 5;
        let lang = LANGS[b % 5];
        let family = (b / 5) % 20;
        let (build, platform, tag) = match i % 5 {
            0 => ("", "linux/amd64", Some("amd64")),
            1 => ("", "linux/arm64", Some("arm64")),
            v => (GPU[v - 2], "linux/amd64", None),
        };
        let suffix = if build.is_empty() { "cpu" } else { build };
        let _ = writeln!(s, "  - backend: \"b{b:05}\"");
        let _ = writeln!(s, "    lang: {lang}\n    family: f{family:02}");
        let _ = writeln!(s, "    build-type: '{build}'\n    platforms: '{platform}'");
        if let Some(tag) = tag {
            let _ = writeln!(s, "    platform-tag: '{tag}'");
        }
        let _ = writeln!(
            s,
            "    tag-latest: 'auto'\n    tag-suffix: '-{suffix}-b{b:05}'"
        );
        let _ = writeln!(
            s,
            "    runs-on: '{}'",
            if tag == Some("arm64") {
                "ubuntu-24.04-arm"
            } else {
                "ubuntu-latest"
            }
        );
        let _ = writeln!(
            s,
            "    base-image: \"ubuntu:24.04\"\n    skip-drivers: 'true'"
        );
        let _ = writeln!(s, "    dockerfile: \"./backends/Dockerfile.{lang}\"");
    }
    s
}

/// 50 rules: 25 source rules (a first-match block of 20 by family, five
/// always-applying ones) and 25 shared rules (a first-match block of 20
/// libraries, five standalone), with conditions of every kind and path
/// templates; two partitions, sharded so no emitted matrix exceeds 255.
fn synth_config() -> String {
    let mut s = String::new();
    s.push_str("matrix: { file: matrix.yml, lists: [include] }\n");
    s.push_str("identity: [tag-suffix, platform-tag]\nname: \"{backend}\"\n");
    s.push_str("sources:\n  - first-match:\n");
    for k in 0..20 {
        let paths = match k % 3 {
            0 => r#"["backends/{lang}/{backend}/**", "!**/*.md"]"#,
            1 => {
                r#"["backends/{lang}/{backend}/src/**", "backends/{lang}/{backend}/Makefile", "backends/{lang}/{backend}/*.toml"]"#
            }
            _ => r#"["backends/{lang}/{backend}/", "!backends/{lang}/{backend}/tests/**"]"#,
        };
        let _ = writeln!(
            s,
            "      - label: family f{k:02} sources\n        when: {{ family: f{k:02} }}\n        paths: {paths}"
        );
    }
    s.push_str(
        r#"  - label: the entry's Dockerfile
    when: { lang: { present: true } }
    paths: ["{dockerfile}"]
  - label: platform files
    when: { platform-tag: { present: true } }
    paths: ["platform/{platform-tag}/**"]
  - label: GPU toolkit
    when: { build-type: [cuda, rocm, vulkan] }
    paths: ["gpu/{build-type}/**", "!gpu/**/*.md"]
  - label: toolchain
    when: { not: { lang: python } }
    paths: ["toolchains/{lang}/**"]
  - label: family manifest
    when: { any: [{ lang: go }, { family: { glob: "f1*" } }] }
    paths: ["families/{family}/{backend}.yml"]
shared:
  - first-match:
"#,
    );
    for k in 0..20 {
        let other = (k + 7) % 20;
        let select = match k % 4 {
            0 => format!("{{ any: [{{ family: f{k:02} }}, {{ build-type: cuda }}] }}"),
            1 => format!("{{ family: {{ in: [f{k:02}, f{other:02}] }} }}"),
            2 => format!("{{ not: {{ lang: python }}, family: f{k:02} }}"),
            _ => format!("{{ list: include, build-type: {{ glob: \"c*\" }}, family: f{k:02} }}"),
        };
        let _ = writeln!(
            s,
            "      - label: lib{k:02}\n        files: [\"shared/lib{k:02}/**\", \"!**/*_test.*\"]\n        select: {select}"
        );
    }
    s.push_str(
        r#"  - label: backend.proto (all)
    files: [proto/backend.proto]
    select: all
  - label: build workflow
    files: [.github/workflows/build.yml]
    select: { list: include }
  - label: GPU libraries
    files: ["scripts/gpu/**"]
    select: { build-type: [cuda, rocm] }
  - label: python common
    files: ["shared/python/**"]
    select: { lang: python }
  - label: Go module
    files: [go.mod, go.sum]
    select: { lang: go }
ignore: ["**/*.md", "docs/**"]
outputs:
  run-all: run-all
  reason: reason
  names: names
  name-flags: "{name}"
partitions:
  - id: single
    when: { platform-tag: { present: false } }
    shards: 64
    matrix: "matrix-single-{shard}"
    has-entries: "has-single-{shard}"
  - id: multi
    when: { platform-tag: { present: true } }
    shards: 32
    matrix: "matrix-multi-{shard}"
    has-entries: "has-multi-{shard}"
    group:
      by: tag-suffix
      carry: [tag-latest]
      matrix: "merge-multi-{shard}"
      has-entries: "has-merges-multi-{shard}"
"#,
    );
    s
}

/// 3,000 changed files for a synthetic matrix of `n` entries: sources of 15 %
/// of its backends, shared libraries (some tests), one Dockerfile, family
/// manifests, docs and unwatched code.
fn synth_files(n: usize) -> Vec<ChangedFile> {
    let backends = n / 5;
    let touched = (backends * 15 / 100).max(1);
    let mut rng = Lcg(0x5eed ^ n as u64);
    let picks: Vec<usize> = (0..touched).map(|_| rng.below(backends)).collect();
    (0..FILES)
        .map(|i| {
            let s = status(&mut rng);
            let name = match i % 20 {
                0..=11 => {
                    let b = picks[rng.below(picks.len())];
                    let dir = format!("backends/{}/b{b:05}", LANGS[b % 5]);
                    match rng.below(8) {
                        0 => format!("{dir}/README.md"),
                        1 => format!("{dir}/tests/t{i}.txt"),
                        2 => format!("{dir}/Makefile"),
                        _ => format!("{dir}/src/m{i}.src"),
                    }
                }
                12 => format!(
                    "shared/lib{:02}/x{i}{}",
                    1 + rng.below(3),
                    ["_test.c", ".c", ".h"][rng.below(3)]
                ),
                13 => format!(
                    "families/f{:02}/b{:05}.yml",
                    rng.below(20),
                    rng.below(backends)
                ),
                14 => "backends/Dockerfile.node".to_string(),
                15 => format!("docs/page{i}.md"),
                16 => format!("gpu/{}/notes{i}.md", GPU[rng.below(3)]),
                _ => format!("app/server/module{i}.go"),
            };
            file(name, s)
        })
        .collect()
}

/// Full decide, memo-hit decide, and (with `stages`) each step on its own.
fn measure(
    bench: &str,
    config: &str,
    matrix: &str,
    files: &[ChangedFile],
    runs: usize,
    stages: bool,
) -> f64 {
    let a = input(config, matrix, files);
    let b = input(&format!("{config}\n# variant\n"), matrix, files);
    let first = decide(&a);
    assert!(
        first.errors.is_empty(),
        "{bench}: {:?}",
        first.errors.first().map(|p| &p.message)
    );
    assert_eq!(first.decision, "filtered", "{bench}");
    let entries = Matrix::parse(
        "m",
        matrix,
        &Config::parse("c", config).unwrap().matrix.lists,
    )
    .unwrap()
    .entries
    .len();
    let common = json!({
        "bench": bench,
        "entries": entries,
        "files": files.len(),
        "selected": selected(&first),
        "outputs": first.outputs.len(),
        "runs": runs,
    });
    let with = |mode: &str, ms: f64| {
        let mut v = common.clone();
        v["mode"] = json!(mode);
        v["ms"] = json!(ms);
        v["us_per_entry"] = json!(ms * 1000.0 / entries as f64);
        v
    };
    let mut flip = false;
    let full = time(runs, || {
        flip = !flip;
        decide(if flip { &b } else { &a });
    });
    emit(with("full", full));
    decide(&a);
    let warm = time(runs, || {
        decide(&a);
    });
    emit(with("warm", warm));
    if stages {
        let c = Config::parse("c.yml", config).unwrap();
        let m = Matrix::parse("m.yml", matrix, &c.matrix.lists).unwrap();
        let r = Rules::build(&c, &m, "m.yml").unwrap();
        let paths = select::changed_paths(files);
        let revisions = Revisions::default();
        let sel = select::select(&r, &c, &m, &paths, &revisions);
        let steps: [(&str, f64); 5] = [
            (
                "config parse",
                time(runs, || {
                    Config::parse("c.yml", config).unwrap();
                }),
            ),
            (
                "matrix parse",
                time(runs, || {
                    Matrix::parse("m.yml", matrix, &c.matrix.lists).unwrap();
                }),
            ),
            (
                "rules compile",
                time(runs, || {
                    Rules::build(&c, &m, "m.yml").unwrap();
                }),
            ),
            (
                "select",
                time(runs, || {
                    select::select(&r, &c, &m, &select::changed_paths(files), &revisions);
                }),
            ),
            (
                "render",
                time(runs, || {
                    outputs::render(&c, &m, &r, &sel, false, "filtered", "").unwrap();
                }),
            ),
        ];
        for (stage, ms) in steps {
            emit(
                json!({ "bench": bench, "mode": "stage", "stage": stage, "ms": ms, "runs": runs }),
            );
        }
    }
    full
}

fn write_inputs(dir: &PathBuf) {
    std::fs::create_dir_all(dir).expect("create the inputs directory");
    let put = |name: &str, text: &str| {
        std::fs::write(dir.join(name), text).expect("write a bench input");
    };
    let files = |f: Vec<ChangedFile>| serde_json::to_string(&f).unwrap();
    put("localai-config.yml", LOCALAI_CONFIG);
    put("localai-matrix.yml", LOCALAI_MATRIX);
    put("localai-files.json", &files(localai_files()));
    put("synth-config.yml", &synth_config());
    for n in GROWTH.iter().chain([&SYNTH_ENTRIES]) {
        put(&format!("synth-{n}-matrix.yml"), &synth_matrix(*n));
        put(&format!("synth-{n}-files.json"), &files(synth_files(*n)));
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--inputs" {
            write_inputs(&PathBuf::from(args.next().expect("--inputs DIR")));
        }
    }

    emit(json!({
        "bench": "build",
        "profile": if cfg!(debug_assertions) { "debug" } else { "release (opt-level z, lto, 1 codegen unit)" },
        "target": std::env::consts::ARCH,
    }));

    // LocalAI: its real matrix and the example config.
    measure(
        "localai",
        LOCALAI_CONFIG,
        LOCALAI_MATRIX,
        &localai_files(),
        21,
        true,
    );
    let schedule = Input {
        config: source("config.yml", LOCALAI_CONFIG),
        matrix: Some(MatrixText::new(LOCALAI_MATRIX)),
        event: Some(EventInput {
            name: "schedule".into(),
            ..EventInput::default()
        }),
        ..Input::default()
    };
    emit(json!({
        "bench": "localai-schedule",
        "mode": "warm",
        "ms": time(21, || { decide(&schedule); }),
        "runs": 21,
    }));

    // Synthetic: 10,000 entries × 3,000 files × 50 rules.
    let config = synth_config();
    let matrix = synth_matrix(SYNTH_ENTRIES);
    measure(
        "synthetic",
        &config,
        &matrix,
        &synth_files(SYNTH_ENTRIES),
        RUNS,
        true,
    );

    // Growth: the same generator at 1k, 2k, 4k and 8k entries.
    for n in GROWTH {
        measure(
            "growth",
            &config,
            &synth_matrix(n),
            &synth_files(n),
            RUNS,
            false,
        );
    }
}
