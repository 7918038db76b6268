//! Selection: from changed files to selected entries, each with its reasons.

use crate::config::Config;
use crate::matrix::Matrix;
use crate::pattern::Scratch;
use crate::rules::Rules;
use std::collections::{BTreeMap, HashMap};

/// A changed file as the GitHub API lists it.
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "File"))]
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub struct ChangedFile {
    pub filename: String,
    /// `added`, `removed`, `renamed`, `modified` …; absent means modified.
    #[serde(default)]
    #[cfg_attr(test, ts(optional = nullable))]
    pub status: Option<String>,
    /// A rename's old path.
    #[serde(default)]
    #[cfg_attr(test, ts(optional = nullable))]
    pub previous_filename: Option<String>,
}

/// How a path changed, as far as content-aware rules care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// It did not exist before (an added file, or a rename's new name).
    Added,
    /// It no longer exists (a removed file, or a rename's old name).
    Removed,
    Modified,
}

/// How many distinct file names a list holds (a list may repeat a file).
pub fn distinct_names(files: &[ChangedFile]) -> usize {
    files
        .iter()
        .map(|f| f.filename.as_str())
        .collect::<crate::hash::Set<_>>()
        .len()
}

/// The distinct changed paths: a rename counts under both names.
pub fn changed_paths<'a>(files: &'a [ChangedFile]) -> Vec<(String, Change)> {
    let mut out: Vec<(String, Change)> = Vec::with_capacity(files.len());
    // Keyed by the given names, so each path is copied once, into `out`.
    let mut seen: crate::hash::Map<&str, usize> =
        crate::hash::Map::with_capacity_and_hasher(files.len(), Default::default());
    let mut push = |path: &'a str, change: Change| match seen.get(path) {
        Some(i) => out[*i].1 = Change::Modified,
        None => {
            seen.insert(path, out.len());
            out.push((path.to_string(), change));
        }
    };
    for f in files {
        let status = f.status.as_deref().unwrap_or("modified");
        match (&f.previous_filename, status) {
            (Some(old), _) if old != &f.filename => {
                push(old, Change::Removed);
                push(&f.filename, Change::Added);
            }
            (_, "added") => push(&f.filename, Change::Added),
            (_, "removed") => push(&f.filename, Change::Removed),
            _ => push(&f.filename, Change::Modified),
        }
    }
    out
}

/// Previous and current revisions of files, as far as they could be read.
/// A path that is absent, or present with `None`, is unavailable.
#[derive(Debug, Default, Clone)]
pub struct Revisions {
    pub previous: HashMap<String, Option<String>>,
    pub current: HashMap<String, Option<String>>,
}

/// Why an entry was selected.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Why {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub file: Option<String>,
    pub rule: String,
}

/// Reasons kept per entry; the rest are counted, not listed.
pub const MAX_WHY: usize = 3;

/// The outcome of matching changed files against the rules.
#[derive(Debug, Default)]
pub struct Selection {
    pub selected: Vec<bool>,
    pub why: Vec<Vec<Why>>,
    pub name_flags: Vec<bool>,
    pub notes: Vec<String>,
}

impl Selection {
    fn mark(&mut self, entry: usize, file: Option<&str>, rule: &str) {
        self.selected[entry] = true;
        let why = &mut self.why[entry];
        if why.len() < MAX_WHY
            && !why
                .iter()
                .any(|w| w.rule == rule && w.file.as_deref() == file)
        {
            why.push(Why {
                file: file.map(str::to_string),
                rule: rule.to_string(),
            });
        }
    }

    /// Nothing selected.
    pub fn none(rules: &Rules, entries: usize) -> Selection {
        Selection {
            selected: vec![false; entries],
            why: vec![Vec::new(); entries],
            name_flags: vec![false; rules.names.len()],
            notes: Vec::new(),
        }
    }

    /// Every entry (and every name) selected for one reason.
    pub fn all(rules: &Rules, entries: usize, reason: &str) -> Selection {
        let mut s = Selection {
            selected: vec![false; entries],
            why: vec![Vec::new(); entries],
            name_flags: vec![true; rules.names.len()],
            notes: Vec::new(),
        };
        for e in 0..entries {
            s.mark(e, None, reason);
        }
        s
    }
}

/// Paths whose revisions content-aware rules need: the matrix file (previous
/// only) and the files an `unless:` exception reads (both).
pub fn needed_revisions(
    rules: &Rules,
    config: &Config,
    paths: &[(String, Change)],
) -> (Vec<String>, Vec<String>) {
    let (mut previous, mut current) = (Vec::new(), Vec::new());
    let mut scratch = Scratch::default();
    for (path, change) in paths {
        if path == &config.matrix.file && *change != Change::Added {
            previous.push(path.clone());
        }
        let reads =
            |s: &crate::rules::Shared| s.unless.is_some_and(|u| u.needs_revisions(path, *change));
        // Cheap checks first: most paths concern no exception.
        if !rules.shared.iter().any(reads) {
            continue;
        }
        let lists = rules.lists.matching(path, &mut scratch);
        if rules
            .shared
            .iter()
            .any(|s| reads(s) && lists.contains(&s.list))
        {
            previous.push(path.clone());
            current.push(path.clone());
        }
    }
    (previous, current)
}

/// When the config file itself is among the changed paths (and `ignore` does
/// not cover it), the detail for running everything: an edited config selects
/// nothing by its own rules, so only a full run exercises the edit.
pub fn config_changed(
    rules: &Rules,
    config: &Config,
    paths: &[(String, Change)],
) -> Option<String> {
    let file = crate::pattern::normalize(&config.file);
    let (path, _) = paths.iter().find(|(p, _)| *p == file)?;
    let ignored = rules.ignore.is_some_and(|i| {
        rules
            .lists
            .matching(path, &mut Scratch::default())
            .contains(&i)
    });
    (!ignored).then(|| {
        format!(
            "the config file {} changed; list it in `ignore` to filter such changes instead",
            crate::error::quote(path)
        )
    })
}

/// Match changed paths against the rules.
pub fn select(
    rules: &Rules,
    config: &Config,
    matrix: &Matrix,
    paths: &[(String, Change)],
    revisions: &Revisions,
) -> Selection {
    let n = matrix.entries.len();
    let mut sel = Selection {
        selected: vec![false; n],
        why: vec![Vec::new(); n],
        name_flags: vec![false; rules.names.len()],
        notes: Vec::new(),
    };
    let mut scratch = Scratch::default();
    // First file that fired each shared rule; BTreeMap keeps rule order stable.
    let mut fired: BTreeMap<usize, &str> = BTreeMap::new();
    let mut ignored = 0usize;
    // Changed paths no rule looked at: they build nothing, which is said.
    let mut unwatched: Vec<&str> = Vec::new();
    let mut unwatched_count = 0usize;
    let mut matrix_change = None;
    for (path, change) in paths {
        let lists = rules.lists.matching(path, &mut scratch);
        if rules.ignore.is_some_and(|i| lists.contains(&i)) {
            ignored += 1;
            continue;
        }
        let mut watched = path == &config.matrix.file;
        if watched {
            matrix_change = Some(*change);
        }
        for list in lists {
            for (e, label) in &rules.watchers[*list] {
                sel.mark(*e, Some(path), label);
                watched = true;
            }
            for name in &rules.name_watchers[*list] {
                sel.name_flags[*name] = true;
                watched = true;
            }
        }
        for (i, shared, applies) in rules.shared_matching(lists) {
            if !applies {
                continue;
            }
            watched = true;
            if let Some(unless) = shared.unless.filter(|u| u.covers(path)) {
                match unless.verdict(path, *change, revisions) {
                    Ok(harmless) => {
                        sel.notes.push(format!(
                            "{}: {} {harmless}, so the rule did not fire",
                            crate::error::quote(&shared.label),
                            crate::error::quote(path)
                        ));
                        continue;
                    }
                    Err(why) => sel.notes.push(format!(
                        "{}: {} fired the rule: {why}",
                        crate::error::quote(&shared.label),
                        crate::error::quote(path)
                    )),
                }
            }
            fired.entry(i).or_insert(path);
        }
        if !watched {
            unwatched_count += 1;
            if unwatched.len() < MAX_UNWATCHED_SHOWN {
                unwatched.push(path);
            }
        }
    }
    for (i, file) in fired {
        let shared = &rules.shared[i];
        for e in &shared.entries {
            sel.mark(*e, Some(file), &shared.label);
        }
    }
    if let Some(change) = matrix_change {
        self_diff(&mut sel, rules, config, matrix, change, revisions);
    }
    for (e, name) in rules.entry_name.iter().enumerate() {
        if let (true, Some(name)) = (sel.selected[e], name) {
            sel.name_flags[*name] = true;
        }
    }
    if ignored > 0 {
        sel.notes
            .push(format!("{ignored} changed file(s) matched `ignore`"));
    }
    if unwatched_count > 0 {
        let shown: Vec<String> = unwatched.iter().map(|p| crate::error::quote(p)).collect();
        let more = unwatched_count - unwatched.len();
        sel.notes.push(format!(
            "{unwatched_count} changed file(s) matched no rule and build nothing: {}{}; add them to `ignore` if that is intended, or to a rule if not",
            shown.join(", "),
            if more > 0 { format!(" and {more} more") } else { String::new() }
        ));
    }
    sel
}

/// How many unwatched changed paths a note names.
const MAX_UNWATCHED_SHOWN: usize = 3;

/// Select the entries that are new or changed in the matrix file itself.
fn self_diff(
    sel: &mut Selection,
    rules: &Rules,
    config: &Config,
    matrix: &Matrix,
    change: Change,
    revisions: &Revisions,
) {
    let file = &config.matrix.file;
    let previous = match change {
        Change::Added => Err("the matrix file is new"),
        Change::Removed => Err("the matrix file was removed or renamed"),
        Change::Modified => match revisions.previous.get(file) {
            Some(Some(text)) => Matrix::parse(file, text, &config.matrix.lists)
                .map_err(|_| "its previous revision does not parse"),
            _ => Err("its previous revision could not be read"),
        },
    };
    match previous {
        Ok(prev) => {
            let changed = matrix.changed_since(&prev, &config.identity);
            for (e, c) in changed.into_iter().enumerate() {
                if c && rules.is_watched(e) {
                    sel.mark(e, Some(file), "entry new or changed in the matrix file");
                }
            }
        }
        Err(why) => {
            sel.notes.push(format!(
                "the matrix file changed and {why}: every entry is selected"
            ));
            for e in 0..matrix.entries.len() {
                if rules.is_watched(e) {
                    sel.mark(
                        e,
                        Some(file),
                        "matrix file changed; previous revision unavailable",
                    );
                }
            }
        }
    }
}
