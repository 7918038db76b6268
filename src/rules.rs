//! Rules applied to one matrix: which files each entry watches, and which
//! entries each shared rule selects.
//!
//! Everything here is computed once per run, before any changed file is
//! looked at, so selection itself is a single glob-set lookup per file.

use crate::condition::Rows;
use crate::config::{Config, Item, SharedRule, SourceRule, Unless, Unwatched};
use crate::error::{Problem, ProblemKind};
use crate::hash::Map;
use crate::matrix::{push_key, same_key, Entry, FieldName, Matrix};
use crate::pattern::{self, ListId, Lists};
use crate::template::{glob_escape, verbatim};
use crate::yaml::Scalar;
use std::rc::Rc;

/// A source rule applying to a row, as (item, rule), with its list once
/// known if the row keeps it.
type Applying = (usize, usize, Option<ListId>);

/// A shared rule, compiled.
pub struct Shared {
    pub label: String,
    pub list: ListId,
    /// Watched entries the rule selects, in matrix order.
    pub entries: Vec<usize>,
    pub unless: Option<Unless>,
    /// Index of the config item; rules of one first-match block share it.
    pub item: usize,
}

/// The compiled rules for one config and matrix.
pub struct Rules {
    pub lists: Lists,
    /// Per entry: the pattern lists it watches and the source rule behind
    /// each (labels shared, not copied per entry).
    pub watch: Vec<Vec<(ListId, Rc<str>)>>,
    /// Per pattern list: the entries watching it, with the rule label.
    pub watchers: Vec<Vec<(usize, Rc<str>)>>,
    pub shared: Vec<Shared>,
    pub ignore: Option<ListId>,
    /// Distinct entry names, in first-appearance order.
    pub names: Vec<String>,
    /// Per entry: index into `names`.
    pub entry_name: Vec<Option<usize>>,
    /// Per pattern list: names whose first entry watches it.
    pub name_watchers: Vec<Vec<usize>>,
    pub warnings: Vec<String>,
}

impl Rules {
    /// Compile the rules, the wildcard automaton included.
    pub fn build(config: &Config, matrix: &Matrix, matrix_file: &str) -> Result<Rules, Problem> {
        let rules = Rules::build_deferred(config, matrix, matrix_file)?;
        rules.ready(config)?;
        Ok(rules)
    }

    /// Compile the rules but leave the wildcard automaton to [`Rules::ready`]
    /// (or the first match): a run-all never matches a path, so it never
    /// builds the automaton. Every other authoring error is found here.
    pub fn build_deferred(
        config: &Config,
        matrix: &Matrix,
        matrix_file: &str,
    ) -> Result<Rules, Problem> {
        let file = config.file.as_str();
        let mut builder = pattern::Builder::default();
        let mut watch: Vec<Vec<(ListId, Rc<str>)>> = Vec::with_capacity(matrix.entries.len());
        let labels: Vec<Vec<Rc<str>>> = config
            .sources
            .iter()
            .map(|item| {
                item.rules()
                    .iter()
                    .map(|r| Rc::from(r.label.as_str()))
                    .collect()
            })
            .collect();
        // Each rule's place, and the fields its path templates read.
        let reads: Vec<Vec<([u8; 8], Vec<FieldName>)>> = config
            .sources
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let rules = item.rules().iter().enumerate();
                rules.map(|(j, r)| (place(i, j), fields_read(r))).collect()
            })
            .collect();
        // Entries that share a backend expand to the same patterns: a rule
        // given the same values as before yields the list it yielded then
        // (the builder would give the same id), so it is expanded and added
        // only once. Only lists that compiled are remembered, so every
        // missing field or bad pattern is still found at its first entry.
        let mut known: Map<Box<[u8]>, ListId> = Map::default();
        let mut key = Vec::new();
        // Before the map, each rule's previous values: entries that share a
        // backend are mostly written one after another, so most rules read
        // the same values as for the entry before, and no key is written.
        let mut recent: Vec<Vec<Recent>> = reads
            .iter()
            .map(|r| r.iter().map(|_| Recent::default()).collect())
            .collect();
        let mut values = Vec::new();
        let whens = config
            .sources
            .iter()
            .flat_map(|i| i.rules().iter().map(|r| &r.when));
        let selects = config
            .shared
            .iter()
            .flat_map(|i| i.rules().iter().map(|r| &r.select));
        let mut rows = Rows::new(whens.chain(selects));
        // A rule whose templates read only fields the rows are told apart
        // by expands alike for every entry of a row: its list is kept there.
        let per_row: Vec<Vec<bool>> = reads
            .iter()
            .map(|item| {
                let rules = item.iter();
                rules
                    .map(|(_, fields)| fields.iter().all(|f| rows.reads(f)))
                    .collect()
            })
            .collect();
        let rows: Vec<usize> = matrix.entries.iter().map(|e| rows.row(e)).collect();
        // Per row, once met: the source rules that apply, as (item, rule),
        // each with its list once known if it is kept per row.
        let mut applying: Vec<Option<Vec<Applying>>> = vec![None; rows.len()];
        for (entry, row) in matrix.entries.iter().zip(&rows) {
            let applying = applying[*row].get_or_insert_with(|| {
                let rules = sources_applying(config, entry, matrix).into_iter();
                rules.map(|(i, j)| (i, j, None)).collect()
            });
            let mut lists = Vec::with_capacity(applying.len());
            for (i, j, kept) in applying.iter_mut() {
                let (i, j) = (*i, *j);
                if let Some(id) = kept {
                    lists.push((*id, Rc::clone(&labels[i][j])));
                    continue;
                }
                let rule = &config.sources[i].rules()[j];
                let (label, (place, fields)) = (&labels[i][j], &reads[i][j]);
                let complete = read_values(&mut values, fields, entry);
                let recent = &mut recent[i][j];
                let mut compile = || {
                    let patterns = expand(file, rule, entry, matrix, matrix_file)?;
                    builder.add(&patterns).map_err(|bad| {
                        let pos = rule.paths.get(bad.index).map_or(rule.pos, |t| t.pos);
                        bad.problem(file, pos, &patterns[bad.index])
                    })
                };
                let id = match recent.list {
                    Some(id) if complete && same_values(&recent.values, &values) => id,
                    // A missing value: expanded to report it, never remembered.
                    _ if !complete => compile()?,
                    _ => {
                        expansion_key(&mut key, place, &values);
                        let id = match known.get(&key[..]) {
                            Some(id) => *id,
                            None => {
                                let id = compile()?;
                                known.insert(key.as_slice().into(), id);
                                id
                            }
                        };
                        std::mem::swap(&mut recent.values, &mut values);
                        recent.list = Some(id);
                        id
                    }
                };
                if per_row[i][j] {
                    *kept = Some(id);
                }
                lists.push((id, Rc::clone(label)));
            }
            watch.push(lists);
        }

        let mut warnings: Vec<String> = config
            .unmatched_fields(matrix)
            .into_iter()
            .map(|(pos, text)| format!("{}:{}:{}: {text}", config.file, pos.line, pos.column))
            .collect();
        let unwatched: Vec<&Entry> = matrix
            .entries
            .iter()
            .zip(&watch)
            .filter(|(_, w)| w.is_empty())
            .map(|(e, _)| e)
            .collect();
        if let Some(first) = unwatched.first() {
            let keys: Vec<String> = unwatched
                .iter()
                .take(10)
                .map(|e| crate::error::quote(&config.entry_label(e)))
                .collect();
            let more = if unwatched.len() > 10 {
                format!(" and {} more", unwatched.len() - 10)
            } else {
                String::new()
            };
            let text = format!(
                "{} entr{} no source paths, so only full runs build them: {}{more}",
                unwatched.len(),
                if unwatched.len() == 1 {
                    "y has"
                } else {
                    "ies have"
                },
                keys.join(", ")
            );
            if config.unwatched == Unwatched::Error {
                return Err(Problem::new(
                    ProblemKind::Matrix,
                    matrix_file,
                    first.pos,
                    text,
                    "add a source rule whose `when` covers these entries, or set `unwatched: warn`",
                ));
            }
            warnings.push(text);
        }

        let shared_rules: Vec<(usize, &SharedRule)> = config
            .shared
            .iter()
            .enumerate()
            .flat_map(|(i, item)| item.rules().iter().map(move |r| (i, r)))
            .collect();
        // Per row, once met: the shared rules whose `select` holds.
        let mut selecting: Vec<Option<Vec<usize>>> = vec![None; rows.len()];
        let mut selected = vec![Vec::new(); shared_rules.len()];
        for (e, (entry, row)) in matrix.entries.iter().zip(&rows).enumerate() {
            if watch[e].is_empty() {
                continue;
            }
            let selecting = selecting[*row].get_or_insert_with(|| {
                let rules = shared_rules.iter().enumerate();
                rules
                    .filter(|(_, (_, r))| r.select.test(entry, matrix))
                    .map(|(k, _)| k)
                    .collect()
            });
            for k in selecting.iter() {
                selected[*k].push(e);
            }
        }
        let mut shared = Vec::with_capacity(shared_rules.len());
        for ((item, rule), entries) in shared_rules.into_iter().zip(selected) {
            shared.push(compile_shared(file, &mut builder, rule, entries, item)?);
        }
        let ignore = if config.ignore.is_empty() {
            None
        } else {
            let patterns: Vec<String> = config.ignore.iter().map(|(p, _)| p.clone()).collect();
            Some(builder.add(&patterns).map_err(|bad| {
                let (text, pos) = &config.ignore[bad.index];
                bad.problem(file, *pos, text)
            })?)
        };

        let lists = builder.build_deferred();
        let mut sizes = vec![0usize; lists.len()];
        for (list, _) in watch.iter().flatten() {
            sizes[*list] += 1;
        }
        let mut watchers: Vec<Vec<(usize, Rc<str>)>> =
            sizes.iter().map(|n| Vec::with_capacity(*n)).collect();
        for (e, ws) in watch.iter().enumerate() {
            for (list, label) in ws {
                watchers[*list].push((e, Rc::clone(label)));
            }
        }
        let (names, entry_name) = names(config, matrix)?;
        let mut name_watchers = vec![Vec::new(); lists.len()];
        let mut seen = vec![false; names.len()];
        for (e, n) in entry_name.iter().enumerate() {
            if let Some(n) = n {
                if !seen[*n] {
                    seen[*n] = true;
                    for (list, _) in &watch[e] {
                        name_watchers[*list].push(*n);
                    }
                }
            }
        }
        Ok(Rules {
            lists,
            watch,
            watchers,
            shared,
            ignore,
            names,
            entry_name,
            name_watchers,
            warnings,
        })
    }

    /// The shared rules whose files include a path matching `lists`, in
    /// config order, each with whether it applies: in a first-match block
    /// only the first matching rule does, the later ones are claimed.
    pub fn shared_matching<'a>(
        &'a self,
        lists: &'a [ListId],
    ) -> impl Iterator<Item = (usize, &'a Shared, bool)> + 'a {
        let mut claimed = None;
        self.shared
            .iter()
            .enumerate()
            .filter(|(_, s)| lists.contains(&s.list))
            .map(move |(i, s)| {
                let applies = claimed != Some(s.item);
                claimed = Some(s.item);
                (i, s, applies)
            })
    }

    /// Build what matching needs and has not built yet; call before the
    /// first match. Its failure is the config's (too many or too complex
    /// patterns to compile together).
    pub fn ready(&self, config: &Config) -> Result<(), Problem> {
        self.lists.ready().map_err(|why| {
            Problem::new(
                ProblemKind::Limit,
                &config.file,
                Default::default(),
                format!("the path patterns are too many or too complex to compile together: {why}"),
                "use fewer or simpler patterns (prefer `dir/**` over patterns with `*` or `?` in the middle)",
            )
        })
    }

    pub fn is_watched(&self, entry: usize) -> bool {
        !self.watch[entry].is_empty()
    }
}

/// The distinct fields a source rule's path templates name.
fn fields_read(rule: &SourceRule) -> Vec<FieldName> {
    let mut fields: Vec<FieldName> = Vec::new();
    for f in rule.paths.iter().flat_map(|t| t.fields()) {
        if !fields.iter().any(|g| g.name == f) {
            fields.push(FieldName::new(f.to_string()));
        }
    }
    fields
}

/// The source rules whose `when` holds for `entry`, as (item, rule) in
/// config order: in a first-match block only the first.
fn sources_applying(config: &Config, entry: &Entry, matrix: &Matrix) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (i, item) in config.sources.iter().enumerate() {
        for (j, rule) in item.rules().iter().enumerate() {
            if rule.when.test(entry, matrix) {
                out.push((i, j));
                if matches!(item, Item::FirstMatch(_)) {
                    break;
                }
            }
        }
    }
    out
}

/// A source rule's place: its item, then its index within the item.
fn place(item: usize, rule: usize) -> [u8; 8] {
    let mut place = [0; 8];
    place[..4].copy_from_slice(&(item as u32).to_le_bytes());
    place[4..].copy_from_slice(&(rule as u32).to_le_bytes());
    place
}

/// A source rule's latest expansion: the values its templates read and the
/// list they yielded.
#[derive(Default)]
struct Recent<'m> {
    values: Vec<&'m Scalar>,
    list: Option<ListId>,
}

/// The values of `fields` in `entry`, into `values`; `false` when a field is
/// missing or null (that expansion fails): such an expansion is never
/// remembered.
fn read_values<'m>(values: &mut Vec<&'m Scalar>, fields: &[FieldName], entry: &'m Entry) -> bool {
    values.clear();
    for f in fields {
        match entry.get_guessed(f) {
            None | Some(Scalar::Null) => return false,
            Some(value) => values.push(value),
        }
    }
    true
}

/// Whether two lists of values write the same key.
fn same_values(a: &[&Scalar], b: &[&Scalar]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_key(x, y))
}

/// What a rule's expansion depends on, as one key: the rule's place, then
/// each value read.
fn expansion_key(key: &mut Vec<u8>, place: &[u8; 8], values: &[&Scalar]) {
    key.clear();
    key.extend_from_slice(place);
    for value in values {
        push_key(key, Some(value));
    }
}

/// Expand a source rule's path templates for one entry.
fn expand(
    file: &str,
    rule: &SourceRule,
    entry: &Entry,
    matrix: &Matrix,
    matrix_file: &str,
) -> Result<Vec<String>, Problem> {
    let whose = || {
        format!(
            "the entry at {matrix_file}:{} ({})",
            entry.pos.line,
            matrix.lists.get(entry.list).map_or("", String::as_str)
        )
    };
    rule.paths
        .iter()
        .map(|t| t.expand_or_problem(file, |f| entry.text(f), glob_escape, whose))
        .collect()
}

/// A shared rule with the watched entries its `select` holds for.
fn compile_shared(
    file: &str,
    builder: &mut pattern::Builder,
    rule: &SharedRule,
    entries: Vec<usize>,
    item: usize,
) -> Result<Shared, Problem> {
    let patterns: Vec<String> = rule.files.iter().map(|(p, _)| p.clone()).collect();
    let list = builder.add(&patterns).map_err(|bad| {
        let (text, pos) = &rule.files[bad.index];
        bad.problem(file, *pos, text)
    })?;
    Ok(Shared {
        label: rule.label.clone(),
        list,
        entries,
        unless: rule.unless,
        item,
    })
}

/// Entry names from the `name` template; a missing field is an authoring error.
fn names(config: &Config, matrix: &Matrix) -> Result<(Vec<String>, Vec<Option<usize>>), Problem> {
    let Some(tpl) = &config.name else {
        return Ok((Vec::new(), vec![None; matrix.entries.len()]));
    };
    let mut names: Vec<String> = Vec::new();
    let mut index = Map::default();
    let mut per_entry = Vec::with_capacity(matrix.entries.len());
    for e in &matrix.entries {
        let whose = || format!("the entry at {}:{}", config.matrix.file, e.pos.line);
        let name = tpl.expand_or_problem(&config.file, |f| e.text(f), verbatim, whose)?;
        let id = match index.get(&name) {
            Some(id) => *id,
            None => {
                index.insert(name.clone(), names.len());
                names.push(name);
                names.len() - 1
            }
        };
        per_entry.push(Some(id));
    }
    Ok((names, per_entry))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rules of `config` compiled for `matrix` (its lists from the config).
    fn compiled(config: &str, matrix: &str) -> Result<Rules, Problem> {
        let config = Config::parse("c.yml", config).unwrap();
        let m = Matrix::parse("m.yml", matrix, &config.matrix.lists).unwrap();
        Rules::build_deferred(&config, &m, "m.yml")
    }

    /// The patterns of each list entry `e` watches, in order.
    fn watched(rules: &Rules, e: usize) -> Vec<Vec<String>> {
        rules.watch[e]
            .iter()
            .map(|(list, _)| rules.lists.patterns(*list))
            .collect()
    }

    /// An expansion is reused only for the same rule and the same values: a
    /// rule reached after a first-match block stopped early is not mistaken
    /// for the block's next rule, and a missing field is still reported.
    #[test]
    fn expansions_are_reused_only_for_the_same_rule_and_values() {
        let config = "matrix: { file: m.yml, lists: [include] }\n\
             sources:\n  \
               - first-match:\n      \
                   - { label: one, when: { x: '1' }, paths: ['a/{n}'] }\n      \
                   - { label: two, when: { x: '2' }, paths: ['b/{n}'] }\n  \
               - { label: all, paths: ['c/{n}/{x}', 'd/{n}'] }\n";
        let rules = compiled(
            config,
            "include:\n  - {x: '1', n: q}\n  - {x: '2', n: q}\n  - {x: '1', n: q}\n  - {x: 2, n: q}\n",
        )
        .unwrap();
        assert_eq!(watched(&rules, 0), [vec!["a/q"], vec!["c/q/1", "d/q"]]);
        assert_eq!(watched(&rules, 1), [vec!["b/q"], vec!["c/q/2", "d/q"]]);
        assert_eq!(watched(&rules, 2), watched(&rules, 0));
        // A number reads as the same text, so it shares the list.
        assert_eq!(rules.watch[3], rules.watch[1]);
        let Err(e) = compiled(config, "include:\n  - {x: '1', n: q}\n  - {x: '1'}\n") else {
            panic!("a missing field is a problem");
        };
        assert_eq!((e.kind, e.line), (ProblemKind::Template, 4));
        assert!(e.message.contains("m.yml:3"), "{}", e.message);
    }

    /// A rule whose templates read only fields its row is told apart by
    /// keeps one list for the row; a rule reading any other field is
    /// expanded for each entry's own values.
    #[test]
    fn lists_are_kept_per_row_only_for_fields_the_row_reads() {
        let rules = compiled(
            "matrix: { file: m.yml, lists: [include] }\n\
             sources:\n  \
               - { label: by-x, when: { x: { present: true } }, paths: ['a/{x}'] }\n  \
               - { label: by-n, when: { x: { present: true } }, paths: ['b/{x}/{n}'] }\n",
            "include:\n  - {x: '1', n: p}\n  - {x: '2', n: p}\n  - {x: '1', n: q}\n",
        )
        .unwrap();
        assert_eq!(watched(&rules, 0), [vec!["a/1"], vec!["b/1/p"]]);
        assert_eq!(watched(&rules, 1), [vec!["a/2"], vec!["b/2/p"]]);
        assert_eq!(watched(&rules, 2), [vec!["a/1"], vec!["b/1/q"]]);
    }

    /// Values read one entry after another are reused only when they would
    /// write the same key: `0.0` and `-0.0` are equal numbers with different
    /// texts, and a number is not its text.
    #[test]
    fn the_previous_entry_s_values_are_reused_only_when_they_read_the_same() {
        let rules = compiled(
            "matrix: { file: m.yml, lists: [include] }\n\
             sources:\n  - { label: all, paths: ['a/{x}'] }\n",
            "include:\n  - {x: 0.0}\n  - {x: -0.0}\n  - {x: -0.0}\n  - {x: '1'}\n  - {x: 1}\n  - {x: '1'}\n",
        )
        .unwrap();
        let watched: Vec<Vec<String>> = (0..6)
            .map(|e| rules.lists.patterns(rules.watch[e][0].0))
            .collect();
        assert_eq!(watched[0], ["a/0"]);
        assert_eq!(watched[1], ["a/-0"]);
        assert_eq!(watched[2], watched[1]);
        assert_eq!(
            [&watched[3], &watched[4], &watched[5]],
            [&vec!["a/1"; 1]; 3]
        );
        // The text and the number write different keys, yet expand alike.
        assert_eq!(rules.watch[3][0].0, rules.watch[4][0].0);
    }
}
