//! Path pattern lists, compiled once into one glob set.
//!
//! A pattern list is gitignore-like: patterns are anchored at the repository
//! root, `*` does not cross `/`, `**` does, dotfiles match like any file, a
//! trailing `/` means everything below, and a later `!pattern` excludes what
//! earlier ones included. Every list of every rule shares one
//! [`globset::GlobSet`], so matching a file costs one set lookup however many
//! rules there are.

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use std::collections::HashMap;

/// Identifies one compiled pattern list.
pub type ListId = usize;

/// Normalise a pattern: drop leading `./` and `/`, expand a trailing `/`.
pub fn normalize(pattern: &str) -> String {
    let mut p = pattern;
    loop {
        if let Some(rest) = p.strip_prefix("./") {
            p = rest;
        } else if let Some(rest) = p.strip_prefix('/') {
            p = rest;
        } else {
            break;
        }
    }
    if p.ends_with('/') {
        format!("{p}**")
    } else {
        p.to_string()
    }
}

/// Collects pattern lists before compiling them together.
#[derive(Default)]
pub struct Builder {
    globs: Vec<String>,
    /// Each glob compiled once, when first added.
    compiled: Vec<globset::Glob>,
    glob_ids: HashMap<String, usize>,
    lists: Vec<Vec<(usize, bool)>>,
    list_ids: HashMap<Vec<(usize, bool)>, ListId>,
}

/// Longest accepted pattern (after templates are filled), in bytes.
pub const MAX_PATTERN: usize = 1024;

/// A pattern that failed to compile: its index in the list given and why.
#[derive(Debug)]
pub struct BadPattern {
    pub index: usize,
    pub why: String,
    /// Over [`MAX_PATTERN`] rather than malformed.
    pub too_long: bool,
}

impl BadPattern {
    /// The authoring problem, at the position the pattern was written.
    pub fn problem(&self, file: &str, pos: crate::error::Pos, text: &str) -> crate::error::Problem {
        if self.too_long {
            let message = format!(
                "a path pattern is {} bytes; the limit is {MAX_PATTERN}",
                text.len()
            );
            return crate::error::Problem::new(
                crate::error::ProblemKind::Limit,
                file,
                pos,
                message,
                "shorten the pattern, or the field values its template uses",
            );
        }
        crate::condition::bad_glob(file, pos, text, &self.why)
    }
}

impl Builder {
    /// Add a list (patterns as written, `!` for excludes). Identical lists share an id.
    pub fn add(&mut self, patterns: &[String]) -> Result<ListId, BadPattern> {
        let mut list = Vec::with_capacity(patterns.len());
        for (index, raw) in patterns.iter().enumerate() {
            let (negated, body) = match raw.strip_prefix('!') {
                Some(rest) => (true, rest),
                None => (false, raw.as_str()),
            };
            let glob = normalize(body);
            let id = match self.glob_ids.get(&glob) {
                Some(id) => *id,
                None => {
                    if glob.len() > MAX_PATTERN {
                        return Err(BadPattern {
                            index,
                            why: format!("longer than {MAX_PATTERN} bytes"),
                            too_long: true,
                        });
                    }
                    let compiled = compile(&glob).map_err(|e| BadPattern {
                        index,
                        why: e.kind().to_string(),
                        too_long: false,
                    })?;
                    self.compiled.push(compiled);
                    self.globs.push(glob.clone());
                    self.glob_ids.insert(glob, self.globs.len() - 1);
                    self.globs.len() - 1
                }
            };
            list.push((id, negated));
        }
        if let Some(id) = self.list_ids.get(&list) {
            return Ok(*id);
        }
        self.lists.push(list.clone());
        self.list_ids.insert(list, self.lists.len() - 1);
        Ok(self.lists.len() - 1)
    }

    /// Compile every list into one set. A failure here (globset's size
    /// limits) is an error, never an empty set that would match nothing.
    pub fn build(self) -> Result<Lists, String> {
        let mut set = GlobSetBuilder::new();
        for glob in self.compiled {
            set.add(glob);
        }
        let mut owners = vec![Vec::new(); self.globs.len()];
        for (list, patterns) in self.lists.iter().enumerate() {
            for (pos, (glob, negated)) in patterns.iter().enumerate() {
                owners[*glob].push((list, pos, *negated));
            }
        }
        Ok(Lists {
            set: set.build().map_err(|e| e.to_string())?,
            owners,
            count: self.lists.len(),
            patterns: self.lists,
            globs: self.globs,
        })
    }
}

fn compile(glob: &str) -> Result<globset::Glob, globset::Error> {
    GlobBuilder::new(glob)
        .literal_separator(true)
        .backslash_escape(true)
        .build()
}

/// Compiled pattern lists.
pub struct Lists {
    set: GlobSet,
    /// For each glob: the lists using it, its position there, and whether it excludes.
    owners: Vec<Vec<(ListId, usize, bool)>>,
    count: usize,
    patterns: Vec<Vec<(usize, bool)>>,
    globs: Vec<String>,
}

impl Lists {
    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The lists that include `path` (their last matching pattern is not `!`).
    /// `scratch` is reused between calls to avoid allocation.
    pub fn matching(&self, path: &str, scratch: &mut Scratch) -> Vec<ListId> {
        scratch.globs.clear();
        self.set.matches_into(path, &mut scratch.globs);
        scratch.hits.clear();
        for g in &scratch.globs {
            scratch.hits.extend_from_slice(&self.owners[*g]);
        }
        // Per list, the last pattern that matched decides.
        scratch
            .hits
            .sort_unstable_by_key(|(list, pos, _)| (*list, *pos));
        let mut out = Vec::new();
        for (i, (list, _, negated)) in scratch.hits.iter().enumerate() {
            let last_of_list = scratch.hits.get(i + 1).is_none_or(|next| next.0 != *list);
            if last_of_list && !negated {
                out.push(*list);
            }
        }
        out
    }

    /// The written patterns of a list (for explanations and lint).
    pub fn patterns(&self, list: ListId) -> Vec<String> {
        self.patterns.get(list).map_or_else(Vec::new, |ps| {
            ps.iter()
                .map(|(g, neg)| format!("{}{}", if *neg { "!" } else { "" }, self.globs[*g]))
                .collect()
        })
    }
}

/// Reusable buffers for [`Lists::matching`].
#[derive(Default)]
pub struct Scratch {
    globs: Vec<usize>,
    hits: Vec<(ListId, usize, bool)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lists(specs: &[&[&str]]) -> (Lists, Vec<ListId>) {
        let mut b = Builder::default();
        let ids = specs
            .iter()
            .map(|s| {
                b.add(&s.iter().map(|p| p.to_string()).collect::<Vec<_>>())
                    .unwrap()
            })
            .collect();
        (b.build().unwrap(), ids)
    }

    fn hits(l: &Lists, path: &str) -> Vec<ListId> {
        l.matching(path, &mut Scratch::default())
    }

    #[test]
    fn star_does_not_cross_slash_but_double_star_does() {
        let (l, ids) = lists(&[&["src/*.rs"], &["src/**"]]);
        assert_eq!(hits(&l, "src/a.rs"), ids);
        assert_eq!(hits(&l, "src/x/a.rs"), vec![ids[1]]);
        assert_eq!(hits(&l, "src/.hidden.rs"), ids);
    }

    #[test]
    fn later_negation_wins_and_can_be_undone() {
        let (l, ids) = lists(&[
            &["pkg/**", "!**/*_test.go"],
            &["pkg/**", "!**/*_test.go", "pkg/keep_test.go"],
        ]);
        assert_eq!(hits(&l, "pkg/a.go"), ids);
        assert!(hits(&l, "pkg/x/a_test.go").is_empty());
        assert_eq!(hits(&l, "pkg/keep_test.go"), vec![ids[1]]);
    }

    #[test]
    fn normalisation_and_sharing() {
        assert_eq!(
            normalize("./backend/Dockerfile.python"),
            "backend/Dockerfile.python"
        );
        assert_eq!(normalize("backend/python/"), "backend/python/**");
        let (l, ids) = lists(&[&["./a/"], &["a/**"]]);
        assert_eq!(ids[0], ids[1]);
        assert_eq!(l.len(), 1);
        assert_eq!(hits(&l, "a/b/c"), vec![ids[0]]);
        assert!(hits(&l, "ab/c").is_empty());
    }

    #[test]
    fn escaped_metacharacters_match_literally() {
        let (l, ids) = lists(&[&["x/a\\*b/**"]]);
        assert_eq!(hits(&l, "x/a*b/c"), ids);
        assert!(hits(&l, "x/aZb/c").is_empty());
    }

    #[test]
    fn bad_patterns_report_their_index() {
        let mut b = Builder::default();
        let e = b
            .add(&["ok/**".to_string(), "bad/[".to_string()])
            .unwrap_err();
        assert_eq!(e.index, 1);
    }
}
