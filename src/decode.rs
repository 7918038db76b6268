//! Reading typed values out of a YAML [`Node`] with precise errors.
//!
//! The config decoder in [`crate::config`] is written against these helpers so
//! every "unknown key", "expected a list" or "missing key" names its line,
//! column and a fix.

use crate::error::{Pos, Problem, ProblemKind};
use crate::yaml::{Node, Scalar, Value};

/// Where decoding happens: the file name used in problems.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub file: &'a str,
}

impl<'a> Ctx<'a> {
    pub fn problem(
        &self,
        kind: ProblemKind,
        pos: Pos,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Problem {
        Problem::new(kind, self.file, pos, message, hint)
    }

    pub fn type_error(&self, node: &Node, what: &str, expected: &str) -> Problem {
        self.problem(
            ProblemKind::Type,
            node.pos,
            format!("`{what}` must be {expected}, found {}", node.describe()),
            format!("write {what} as {expected}"),
        )
    }

    /// A mapping whose keys are all strings, ready for [`Fields::take`].
    pub fn fields(&self, node: &'a Node, what: &str) -> Result<Fields<'a>, Problem> {
        let Some(map) = node.as_map() else {
            return Err(self.type_error(node, what, "a mapping"));
        };
        let mut items = Vec::with_capacity(map.len());
        for (k, v) in map {
            let Some(key) = k.as_str() else {
                return Err(self.problem(
                    ProblemKind::Type,
                    k.pos,
                    format!("keys of `{what}` must be strings"),
                    "quote the key",
                ));
            };
            items.push((key, k, v, false));
        }
        Ok(Fields {
            file: self.file,
            what: what.to_string(),
            pos: node.pos,
            items,
        })
    }

    pub fn string(&self, node: &Node, what: &str) -> Result<String, Problem> {
        match &node.value {
            Value::Scalar(Scalar::Str(s)) => Ok(s.clone()),
            Value::Scalar(s @ (Scalar::Int(_) | Scalar::Float(_) | Scalar::Bool(_))) => {
                Ok(s.text())
            }
            _ => Err(self.type_error(node, what, "a string")),
        }
    }

    /// A string, or a list of strings (a lone string is a one-item list).
    pub fn strings(&self, node: &Node, what: &str) -> Result<Vec<(String, Pos)>, Problem> {
        match &node.value {
            Value::Seq(items) => items
                .iter()
                .map(|n| Ok((self.string(n, what)?, n.pos)))
                .collect(),
            _ => Ok(vec![(self.string(node, what)?, node.pos)]),
        }
    }

    pub fn bool(&self, node: &Node, what: &str) -> Result<bool, Problem> {
        match &node.value {
            Value::Scalar(Scalar::Bool(b)) => Ok(*b),
            _ => Err(self.type_error(node, what, "true or false")),
        }
    }

    pub fn count(&self, node: &Node, what: &str, max: i64) -> Result<usize, Problem> {
        match &node.value {
            Value::Scalar(Scalar::Int(i)) if (1..=max).contains(i) => Ok(*i as usize),
            _ => Err(self.problem(
                ProblemKind::Type,
                node.pos,
                format!("`{what}` must be a whole number from 1 to {max}"),
                format!("write e.g. `{what}: 4`"),
            )),
        }
    }
}

/// The keys of one mapping; each is taken at most once, and [`Fields::finish`]
/// reports any key nobody took.
pub struct Fields<'a> {
    file: &'a str,
    what: String,
    pub pos: Pos,
    items: Vec<(&'a str, &'a Node, &'a Node, bool)>,
}

impl<'a> Fields<'a> {
    pub fn take(&mut self, key: &str) -> Option<&'a Node> {
        let item = self.items.iter_mut().find(|(k, ..)| *k == key)?;
        item.3 = true;
        Some(item.2)
    }

    pub fn require(&mut self, key: &str) -> Result<&'a Node, Problem> {
        let pos = self.pos;
        self.take(key).ok_or_else(|| {
            Problem::new(
                ProblemKind::MissingKey,
                self.file,
                pos,
                format!("`{}` needs a `{key}` key", self.what),
                format!("add `{key}:`"),
            )
        })
    }

    /// Keys not yet taken, in written order, with their key nodes.
    pub fn rest(&mut self) -> Vec<(&'a str, &'a Node, &'a Node)> {
        let out = self
            .items
            .iter()
            .filter(|i| !i.3)
            .map(|i| (i.0, i.1, i.2))
            .collect();
        for i in &mut self.items {
            i.3 = true;
        }
        out
    }

    /// Fail on the first key nobody took, suggesting the closest known key.
    pub fn finish(self, known: &[&str]) -> Result<(), Problem> {
        match self.items.iter().find(|i| !i.3) {
            None => Ok(()),
            Some((key, knode, ..)) => {
                let hint = match closest(key, known) {
                    Some(k) => format!("did you mean `{k}`? known keys: {}", known.join(", ")),
                    None => format!("known keys: {}", known.join(", ")),
                };
                Err(Problem::new(
                    ProblemKind::UnknownKey,
                    self.file,
                    knode.pos,
                    format!("unknown key `{key}` in `{}`", self.what),
                    hint,
                ))
            }
        }
    }
}

/// The known word nearest to `word` by edit distance, if it is near enough.
fn closest<'k>(word: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (distance(word, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}
