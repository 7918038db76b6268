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

    /// Fill the placeholders. `lookup` gives a field's text; `escape` is applied
    /// to every substituted value (glob escaping for path patterns).
    /// Returns the missing field's name when a lookup fails.
    pub fn expand<'v>(
        &self,
        lookup: impl Fn(&str) -> Option<std::borrow::Cow<'v, str>>,
        escape: impl Fn(&str) -> String,
    ) -> Result<String, String> {
        let mut out = String::new();
        for p in &self.pieces {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Field(f) => match lookup(f) {
                    Some(v) => out.push_str(&escape(&v)),
                    None => return Err(f.clone()),
                },
            }
        }
        Ok(out)
    }

    /// Expand or report the missing field as a template problem.
    pub fn expand_or_problem<'v>(
        &self,
        file: &str,
        lookup: impl Fn(&str) -> Option<std::borrow::Cow<'v, str>>,
        escape: impl Fn(&str) -> String,
        whose: &str,
    ) -> Result<String, Problem> {
        self.expand(lookup, escape).map_err(|field| {
            Problem::new(
                ProblemKind::Template,
                file,
                self.pos,
                format!("template {} names field `{field}`, which {whose} lacks", crate::error::quote(&self.source)),
                format!("add `{field}` to that entry, or narrow the rule's `when` so it only applies to entries that have it"),
            )
        })
    }
}

/// Escape glob syntax in a substituted value, so a field value is matched literally.
pub fn glob_escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, '*' | '?' | '+' | '[' | ']' | '{' | '}' | '\\' | '!') {
            out.push('\\');
        }
        out.push(c);
    }
    out
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
            .expand(|f| Some(Cow::Owned(format!("<{f}>"))), |v| v.to_string())
            .unwrap();
        assert_eq!(out, "backend/<lang>/<backend>/{a,b}/**");
    }

    #[test]
    fn missing_field_is_reported() {
        assert_eq!(
            t("x/{nope}").expand(|_| None, |v| v.to_string()),
            Err("nope".to_string())
        );
    }

    #[test]
    fn escaping() {
        assert_eq!(glob_escape("a*b[c]"), "a\\*b\\[c\\]");
    }

    #[test]
    fn escaped_brace_is_not_a_placeholder() {
        let tpl = t("a/\\{lang}/{b}/\\\\{c}");
        assert_eq!(tpl.fields().collect::<Vec<_>>(), ["b", "c"]);
        let out = tpl
            .expand(|f| Some(Cow::Owned(f.to_uppercase())), |v| v.to_string())
            .unwrap();
        assert_eq!(out, "a/\\{lang}/B/\\\\C");
    }

    #[test]
    fn unterminated_brace_is_text() {
        let tpl = t("a/{b");
        assert!(tpl.is_literal());
        assert_eq!(tpl.expand(|_| None, |v| v.to_string()).unwrap(), "a/{b");
    }
}
