//! `{field}` templates over entry fields.
//!
//! A template is text with `{name}` placeholders, where a name is made of
//! letters, digits, `-`, `_` and `.`. Any other brace text (for example
//! `{a,b}`) is kept as written, and so is an escaped `\{name}`, whose
//! backslash a path pattern then reads as "match `{` literally".

use crate::error::{Pos, Problem, ProblemKind};

#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Text(String),
    Field(String),
}

/// A parsed template and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    pieces: Vec<Piece>,
    pub source: String,
    pub pos: Pos,
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
}

impl Template {
    pub fn parse(source: &str, pos: Pos) -> Template {
        let mut pieces = Vec::new();
        let mut text = String::new();
        let mut rest = source;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            // `\{` is a literal brace: an odd run of backslashes escapes it.
            let escaped = rest[..open]
                .bytes()
                .rev()
                .take_while(|b| *b == b'\\')
                .count()
                % 2
                == 1;
            match after.find('}') {
                Some(close)
                    if !escaped && close > 0 && after[..close].chars().all(is_name_char) =>
                {
                    text.push_str(&rest[..open]);
                    if !text.is_empty() {
                        pieces.push(Piece::Text(std::mem::take(&mut text)));
                    }
                    pieces.push(Piece::Field(after[..close].to_string()));
                    rest = &after[close + 1..];
                }
                _ => {
                    text.push_str(&rest[..=open]);
                    rest = after;
                }
            }
        }
        text.push_str(rest);
        if !text.is_empty() {
            pieces.push(Piece::Text(text));
        }
        Template {
            pieces,
            source: source.to_string(),
            pos,
        }
    }

    /// The field names the template uses, in order.
    pub fn fields(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Field(f) => Some(f.as_str()),
            Piece::Text(_) => None,
        })
    }

    pub fn is_literal(&self) -> bool {
        self.fields().next().is_none()
    }

    /// Fill the placeholders. `lookup` gives a field's text; `escape` writes
    /// every substituted value to the output (glob escaping for path
    /// patterns, [`verbatim`] otherwise).
    /// Returns the missing field's name when a lookup fails.
    pub fn expand<'v>(
        &self,
        lookup: impl Fn(&str) -> Option<std::borrow::Cow<'v, str>>,
        escape: impl Fn(&str, &mut String),
    ) -> Result<String, String> {
        // Room for the text and short values: most expansions never grow.
        let mut out = String::with_capacity(self.source.len() + 32);
        for p in &self.pieces {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Field(f) => match lookup(f) {
                    Some(v) => escape(&v, &mut out),
                    None => return Err(f.clone()),
                },
            }
        }
        Ok(out)
    }

    /// Expand or report the missing field as a template problem; `whose`
    /// names what lacks it, and is only written out for the problem.
    pub fn expand_or_problem<'v>(
        &self,
        file: &str,
        lookup: impl Fn(&str) -> Option<std::borrow::Cow<'v, str>>,
        escape: impl Fn(&str, &mut String),
        whose: impl FnOnce() -> String,
    ) -> Result<String, Problem> {
        self.expand(lookup, escape).map_err(|field| {
            Problem::new(
                ProblemKind::Template,
                file,
                self.pos,
                format!("template {} names field `{field}`, which {} lacks", crate::error::quote(&self.source), whose()),
                format!("add `{field}` to that entry, or narrow the rule's `when` so it only applies to entries that have it"),
            )
        })
    }
}

/// Write a substituted value as it is.
pub fn verbatim(value: &str, out: &mut String) {
    out.push_str(value);
}

/// Write a substituted value with glob syntax escaped, so it is matched literally.
pub fn glob_escape(value: &str, out: &mut String) {
    let mut start = 0;
    for (i, b) in value.bytes().enumerate() {
        if matches!(
            b,
            b'*' | b'?' | b'+' | b'[' | b']' | b'{' | b'}' | b'\\' | b'!'
        ) {
            // ASCII bytes are never inside a longer character.
            out.push_str(&value[start..i]);
            out.push('\\');
            start = i;
        }
    }
    out.push_str(&value[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn t(s: &str) -> Template {
        Template::parse(s, Pos::default())
    }

    #[test]
    fn fields_and_literal_braces() {
        let tpl = t("backend/{lang}/{backend}/{a,b}/**");
        assert_eq!(tpl.fields().collect::<Vec<_>>(), ["lang", "backend"]);
        let out = tpl
            .expand(|f| Some(Cow::Owned(format!("<{f}>"))), verbatim)
            .unwrap();
        assert_eq!(out, "backend/<lang>/<backend>/{a,b}/**");
    }

    #[test]
    fn missing_field_is_reported() {
        assert_eq!(
            t("x/{nope}").expand(|_| None, verbatim),
            Err("nope".to_string())
        );
    }

    #[test]
    fn escaping() {
        let escaped = |v: &str| {
            let mut out = String::from(">");
            glob_escape(v, &mut out);
            out
        };
        assert_eq!(escaped("a*b[c]"), ">a\\*b\\[c\\]");
        assert_eq!(escaped("é!x{y}\\?+"), ">é\\!x\\{y\\}\\\\\\?\\+");
        assert_eq!(escaped(""), ">");
    }

    #[test]
    fn escaped_brace_is_not_a_placeholder() {
        let tpl = t("a/\\{lang}/{b}/\\\\{c}");
        assert_eq!(tpl.fields().collect::<Vec<_>>(), ["b", "c"]);
        let out = tpl
            .expand(|f| Some(Cow::Owned(f.to_uppercase())), verbatim)
            .unwrap();
        assert_eq!(out, "a/\\{lang}/B/\\\\C");
    }

    #[test]
    fn unterminated_brace_is_text() {
        let tpl = t("a/{b");
        assert!(tpl.is_literal());
        assert_eq!(tpl.expand(|_| None, verbatim).unwrap(), "a/{b");
    }
}
