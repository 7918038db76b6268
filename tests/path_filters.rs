//! Path patterns mean what a GitHub workflow's `paths` filter means.
//!
//! The table holds every row of the "Filter pattern cheat sheet" for paths in
//! GitHub's "Workflow syntax for GitHub Actions" (section "Patterns to match
//! file paths"), each pattern list with every example GitHub gives, plus the
//! documented include/exclude example and the special characters' own
//! examples. `also_not` holds paths that the row's description rules out
//! (GitHub lists only matching paths for most rows).

use changed_backends::pattern::{Builder, Lists, Scratch};
use proptest::prelude::*;

struct Row {
    patterns: &'static [&'static str],
    matches: &'static [&'static str],
    /// Documented as "does not match".
    not: &'static [&'static str],
    /// Ruled out by the row's description.
    also_not: &'static [&'static str],
}

const CHEAT_SHEET: &[Row] = &[
    Row {
        patterns: &["*"],
        matches: &["README.md", "server.rb"],
        not: &[],
        also_not: &["docs/README.md"],
    },
    Row {
        patterns: &["*.jsx?"],
        matches: &["page.js", "page.jsx"],
        not: &[],
        also_not: &["page.jsxx", "page.j", "src/page.js"],
    },
    Row {
        patterns: &["**"],
        matches: &["all/the/files.md"],
        not: &[],
        also_not: &[],
    },
    Row {
        patterns: &["*.js"],
        matches: &["app.js", "index.js"],
        not: &[],
        also_not: &["js/index.js", "app.jsx"],
    },
    Row {
        patterns: &["**.js"],
        matches: &["index.js", "js/index.js", "src/js/app.js"],
        not: &[],
        also_not: &["index.jsx", "js/index.ts"],
    },
    Row {
        patterns: &["docs/*"],
        matches: &["docs/README.md", "docs/file.txt"],
        not: &[],
        also_not: &["docs/mona/octocat.txt", "README.md", "x/docs/a.md"],
    },
    Row {
        patterns: &["docs/**"],
        matches: &["docs/README.md", "docs/mona/octocat.txt"],
        not: &[],
        also_not: &["README.md", "x/docs/a.md", "docsy/a.md"],
    },
    Row {
        patterns: &["docs/**/*.md"],
        matches: &[
            "docs/README.md",
            "docs/mona/hello-world.md",
            "docs/a/markdown/file.md",
        ],
        not: &[],
        also_not: &["docs/a/file.txt", "README.md"],
    },
    Row {
        patterns: &["**/docs/**"],
        matches: &[
            "docs/hello.md",
            "dir/docs/my-file.txt",
            "space/docs/plan/space.doc",
        ],
        not: &[],
        also_not: &["mydocs/a.md", "dir/docsy/a.md"],
    },
    Row {
        patterns: &["**/README.md"],
        matches: &["README.md", "js/README.md"],
        not: &[],
        also_not: &["js/XREADME.md", "README.mdx"],
    },
    Row {
        patterns: &["**/*src/**"],
        matches: &["a/src/app.js", "my-src/code/js/app.js"],
        not: &[],
        also_not: &["src.js", "a/srcs/app.js"],
    },
    Row {
        patterns: &["**/*-post.md"],
        matches: &["my-post.md", "path/their-post.md"],
        not: &[],
        also_not: &["post.md", "path/my-post.mdx"],
    },
    Row {
        patterns: &["**/migrate-*.sql"],
        matches: &[
            "migrate-10909.sql",
            "db/migrate-v1.0.sql",
            "db/sept/migrate-v1.sql",
        ],
        not: &[],
        also_not: &["db/migrate.sql", "db/migrate-v1.sqlx"],
    },
    Row {
        patterns: &["*.md", "!README.md"],
        matches: &["hello.md"],
        not: &["README.md", "docs/hello.md"],
        also_not: &[],
    },
    Row {
        patterns: &["*.md", "!README.md", "README*"],
        matches: &["hello.md", "README.md", "README.doc"],
        not: &[],
        also_not: &["docs/hello.md"],
    },
];

/// The include/exclude example and the special characters' own examples.
const DOCUMENTED: &[Row] = &[
    Row {
        patterns: &["sub-project/**", "!sub-project/docs/**"],
        matches: &["sub-project/index.js", "sub-project/src/index.js"],
        not: &["sub-project/docs/readme.md"],
        also_not: &[],
    },
    Row {
        patterns: &["**.js"],
        matches: &["app.js", "a/b/c.js"],
        not: &[],
        also_not: &[],
    },
    Row {
        patterns: &["[CB]at"],
        matches: &["Cat", "Bat"],
        not: &[],
        also_not: &["Rat", "at", "CBat"],
    },
    Row {
        patterns: &["[1-2]00"],
        matches: &["100", "200"],
        not: &[],
        also_not: &["300", "00"],
    },
    Row {
        patterns: &["x[0-9a-z]"],
        matches: &["x0", "x7", "xq"],
        not: &[],
        also_not: &["xQ", "x-", "x"],
    },
    Row {
        patterns: &["ab+c"],
        matches: &["abc", "abbbc"],
        not: &[],
        also_not: &["ac"],
    },
];

fn compile(patterns: &[&str]) -> Lists {
    let mut b = Builder::default();
    let list: Vec<String> = patterns.iter().map(|p| p.to_string()).collect();
    assert_eq!(b.add(&list).unwrap(), 0);
    b.build().unwrap()
}

fn includes(lists: &Lists, path: &str) -> bool {
    lists.matching(path, &mut Scratch::default()) == [0]
}

fn check(rows: &[Row]) -> usize {
    let mut checked = 0;
    for row in rows {
        let lists = compile(row.patterns);
        for path in row.matches {
            assert!(
                includes(&lists, path),
                "{:?} should match {path}",
                row.patterns
            );
            checked += 1;
        }
        for path in row.not.iter().chain(row.also_not) {
            assert!(
                !includes(&lists, path),
                "{:?} should not match {path}",
                row.patterns
            );
            checked += 1;
        }
    }
    checked
}

#[test]
fn every_row_of_the_cheat_sheet() {
    assert_eq!(CHEAT_SHEET.len(), 15);
    let documented: usize = CHEAT_SHEET
        .iter()
        .map(|r| r.matches.len() + r.not.len())
        .sum();
    assert_eq!(documented, 35);
    assert_eq!(check(CHEAT_SHEET), 62);
}

#[test]
fn documented_examples_of_negation_and_special_characters() {
    assert!(check(DOCUMENTED) > 0);
}

#[test]
fn escapes_match_special_characters_literally() {
    let cases: &[(&str, &str, &str)] = &[
        (r"a\*b", "a*b", "aXb"),
        (r"a\?", "a?", "a"),
        (r"c\+\+/**", "c++/x.cc", "c/x.cc"),
        (r"\[x]", "[x]", "x"),
        (r"\!bang", "!bang", "bang"),
        (r"back\\slash", r"back\slash", "backslash"),
        ("{a,b}/x", "{a,b}/x", "a/x"),
    ];
    for (pattern, yes, no) in cases {
        let lists = compile(&[pattern]);
        assert!(includes(&lists, yes), "{pattern} should match {yes}");
        assert!(!includes(&lists, no), "{pattern} should not match {no}");
    }
}

#[test]
fn malformed_patterns_name_index_and_character() {
    use changed_backends::pattern::SyntaxErrorKind::*;
    let cases: &[(&str, _, usize)] = &[
        ("src/[ab", UnclosedClass, 4),
        ("src/[]x", EmptyClass, 4),
        ("v[9-0]", BadRange('9', '0'), 2),
        ("v[a-Z]", BadRange('a', 'Z'), 2),
        ("?x", NothingToRepeat('?'), 0),
        ("a/b+?", NothingToRepeat('?'), 4),
        ("trail\\", TrailingEscape, 5),
    ];
    for (pattern, kind, at) in cases {
        let mut b = Builder::default();
        let err = b
            .add(&["ok/**".to_string(), pattern.to_string()])
            .unwrap_err();
        assert_eq!(err.index, 1, "{pattern}");
        let syntax = err.syntax.expect("a syntax error");
        assert_eq!((&syntax.kind, syntax.at), (kind, *at), "{pattern}");
        assert!(
            err.why.contains(&format!("character {}", at + 1)),
            "{}",
            err.why
        );
    }
}

/// Patterns from a small alphabet, so they often match the generated paths.
fn pattern() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("a".to_string()),
        Just("b".to_string()),
        Just("/".to_string()),
        Just("*".to_string()),
        Just("**".to_string()),
        Just("**/".to_string()),
        Just("a?".to_string()),
        Just("b+".to_string()),
        Just("[ab]".to_string()),
        Just(".".to_string()),
    ];
    (prop::collection::vec(piece, 1..6), any::<bool>())
        .prop_map(|(p, neg)| format!("{}{}", if neg { "!" } else { "" }, p.concat()))
}

fn path() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![Just('a'), Just('b'), Just('/'), Just('.')],
        1..8,
    )
    .prop_map(|cs| cs.into_iter().collect::<String>())
    .prop_filter("a path", |p| !p.starts_with('/') && !p.ends_with('/'))
}

proptest! {
    /// A list includes a path exactly when the last of its patterns that
    /// matches is not a `!` pattern; each pattern compiled alone is the oracle.
    #[test]
    fn the_last_matching_pattern_decides(list in prop::collection::vec(pattern(), 1..6), path in path()) {
        let combined = compile(&list.iter().map(String::as_str).collect::<Vec<_>>());
        let mut expected = false;
        for p in &list {
            let (negated, body) = match p.strip_prefix('!') { Some(b) => (true, b), None => (false, p.as_str()) };
            if includes(&compile(&[body]), &path) {
                expected = !negated;
            }
        }
        prop_assert_eq!(includes(&combined, &path), expected);
    }
}
