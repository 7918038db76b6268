//! Native replays of the fuzz targets' checks (fuzz/checks.rs): every
//! committed seed, every saved crash input (fuzz/regressions/<target>/), and
//! inputs found while fuzzing or writing the checks, each fed to exactly the
//! function the fuzz target calls.

#[path = "../fuzz/checks.rs"]
mod checks;

use std::path::Path;

/// A fuzz target's check.
type Check = fn(&[u8]);

const TARGETS: [(&str, Check); 5] = [
    ("config", checks::config),
    ("matrix", checks::matrix),
    ("event", checks::event),
    ("glob", checks::glob),
    ("yaml", checks::yaml),
];

fn replay_dir(dir: &Path, check: Check) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut n = 0;
    for entry in entries {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        let result = std::panic::catch_unwind(|| check(&data));
        assert!(result.is_ok(), "{} fails its check", path.display());
        n += 1;
    }
    n
}

#[test]
fn seeds_and_saved_crashes_pass_their_checks() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    for (target, check) in TARGETS {
        let seeds = replay_dir(&root.join("seeds").join(target), check);
        assert!(seeds > 0, "no seeds for {target}");
        replay_dir(&root.join("regressions").join(target), check);
    }
}

#[test]
fn degenerate_inputs() {
    for (_, check) in TARGETS {
        for data in [
            &b""[..],
            b"\n",
            b"\n\n",
            b"\0",
            b"\xff\xfe",
            b"\xef\xbb\xbf",
            b"push\n",
            b"push\n{}",
            b"- - -",
            b"!",
            b"[",
        ] {
            check(data);
        }
    }
}

#[test]
fn event_inputs() {
    checks::event(b"pull_request\n{\"number\": 18446744073709551615, \"pull_request\": {\"base\": {\"sha\": \"b\"}, \"head\": {\"sha\": \"h\"}}}");
    checks::event(b"push\n{\"ref\": \"refs/heads/x\", \"before\": \"0\", \"after\": \"0\"}");
    checks::event(b"range\n{\"base\": \"a\", \"head\": \"b\"}");
    checks::event(b"merge_group\n{\"merge_group\": {\"base_sha\": \"a\", \"head_sha\": \"b\"}}");
}

#[test]
fn glob_inputs() {
    checks::glob(b"a/\n!a/b\n\na/b\na/c\n");
    checks::glob(b"**\n!**/\n\nx\nx/\n");
    checks::glob(b"{a,b\n\na\n");
    checks::glob(b"\\\n\n\\\n");
    checks::glob(b"[!a]/**\n\nb/c\na/c\n");
    checks::glob(b"**/*.md\n\nx\ny.md\n");
    // One glob matched, used first to include and then to exclude.
    checks::glob(b"x/a\\*b/**\n!x/a\\*b/**\n\nx/a*b/c\n");
}

/// A field written twice under keys that differ in YAML but not as text
/// (`1` and `"1"`, `true` and `"true"`, `~` and `""`, two `.nan`) became two
/// fields of one name: conditions and templates read the first, while the
/// matrix output carried the last. Keys must be distinct by their text.
#[test]
fn field_keys_that_collide_as_text() {
    for entry in [
        "{1: a, \"1\": b}",
        "{true: a, \"true\": b}",
        "{~: a, \"\": b}",
        "{.nan: a, .NaN: b}",
        "{1: a, 1.0: b}",
    ] {
        checks::matrix(format!("include:\n  - {entry}\n").as_bytes());
    }
}
