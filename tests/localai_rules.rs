//! Every shared rule of LocalAI's table, checked against the real matrix with
//! expectations computed independently from the entries' fields.

mod common;
use changed_backends::matrix::Matrix;
use common::*;

struct E {
    list: &'static str,
    backend: String,
    dockerfile: String,
    lang: Option<String>,
}

fn entries() -> Vec<E> {
    let m = Matrix::parse(
        "m",
        LOCALAI_MATRIX,
        &["include".into(), "includeDarwin".into()],
    )
    .unwrap();
    m.entries
        .iter()
        .map(|e| E {
            list: if e.list == 0 {
                "include"
            } else {
                "includeDarwin"
            },
            backend: e.text("backend").unwrap().into_owned(),
            dockerfile: e
                .text("dockerfile")
                .map(|d| d.into_owned())
                .unwrap_or_default(),
            lang: e.text("lang").map(|d| d.into_owned()),
        })
        .collect()
}

const CPP_DARWIN: [&str; 4] = ["llama-cpp", "ds4", "privacy-filter", "audio-cpp"];

fn expect(pred: impl Fn(&E) -> bool) -> usize {
    entries().iter().filter(|e| pred(e)).count()
}

fn count(path: &str) -> usize {
    let out = changed_backends::decide(&with_files(localai(), vec![file(path)]));
    assert!(out.errors.is_empty());
    selected(&out).len()
}

#[test]
fn table_rows_select_what_the_spec_says() {
    let linux = |e: &E| e.list == "include";
    let darwin = |e: &E| e.list == "includeDarwin";
    let go_darwin =
        |e: &E| darwin(e) && e.lang.is_some() && !CPP_DARWIN.contains(&e.backend.as_str());
    type Row<'a> = (&'static str, Box<dyn Fn(&E) -> bool + 'a>);
    let rows: Vec<Row> = vec![
        (
            "backend/python/common/libbackend.sh",
            Box::new(move |e: &E| {
                (linux(e) && e.dockerfile.ends_with("python")) || (darwin(e) && e.lang.is_none())
            }),
        ),
        (
            "pkg/grpc/server.go",
            Box::new(move |e: &E| (linux(e) && e.dockerfile.ends_with("golang")) || go_darwin(e)),
        ),
        (
            "pkg/utils/deep/x.go",
            Box::new(move |e: &E| (linux(e) && e.dockerfile.ends_with("golang")) || go_darwin(e)),
        ),
        (".github/workflows/backend_build.yml", Box::new(linux)),
        (
            ".github/workflows/backend_build_darwin.yml",
            Box::new(darwin),
        ),
        ("scripts/build/package-gpu-libs.sh", Box::new(linux)),
        (
            "scripts/build/python-darwin.sh",
            Box::new(move |e: &E| darwin(e) && e.lang.is_none()),
        ),
        ("scripts/build/golang-darwin.sh", Box::new(go_darwin)),
        (
            "scripts/build/llama-cpp-darwin.sh",
            Box::new(move |e: &E| darwin(e) && e.backend == "llama-cpp"),
        ),
        (
            "scripts/build/ds4-darwin.sh",
            Box::new(move |e: &E| darwin(e) && e.backend == "ds4"),
        ),
        (
            "scripts/build/privacy-filter-darwin.sh",
            Box::new(move |e: &E| darwin(e) && e.backend == "privacy-filter"),
        ),
        ("scripts/build/other.sh", Box::new(|_: &E| true)),
    ];
    for (path, pred) in rows {
        assert_eq!(count(path), expect(pred), "{path}");
    }
}

#[test]
fn excluded_suffixes_and_first_match() {
    assert_eq!(count("pkg/grpc/server_test.go"), 0);
    assert_eq!(count("scripts/build/thing_test.sh"), 0);
    // Row 7 wins over row 12 for this file: only Darwin entries without lang.
    assert!(count("scripts/build/python-darwin.sh") < count("scripts/build/other.sh"));
    assert_eq!(count("pkg/other/x.go"), 0);
}

#[test]
fn proto_change_without_previous_revision_selects_everything() {
    // With explicit changes and no previous revision, rule 1 fires.
    assert_eq!(count("backend/backend.proto"), 519);
}

#[test]
fn dockerfile_and_llama_cpp_wrappers() {
    let python = expect(|e| e.list == "include" && e.dockerfile.ends_with("python"));
    assert_eq!(count("backend/Dockerfile.python"), python);
    let llama = expect(|e| {
        (e.list == "include"
            && (e.dockerfile.ends_with("Dockerfile.llama-cpp")
                || ["turboquant", "bonsai"].contains(&e.backend.as_str())))
            || (e.list == "includeDarwin" && e.backend == "llama-cpp")
    });
    assert_eq!(count("backend/cpp/llama-cpp/Makefile"), llama);
}
