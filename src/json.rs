//! Compact JSON text written straight into a string, as JavaScript's
//! `JSON.stringify` (and serde_json) writes it.
//!
//! Matrix values are almost always plain text, so a string that needs no
//! escape is copied as it is; any other string, and every non-string value,
//! is written by serde_json, so the two paths cannot disagree.

use crate::bytes;
use crate::yaml::Scalar;

/// Whether serde_json would write `text` with an escape: a quote, a
/// backslash or a control character. Every value of every listed entry
/// passes through here, so it is scanned a word at a time, the last word
/// overlapping the one before rather than ending byte by byte.
fn needs_escape(text: &str) -> bool {
    let text = text.as_bytes();
    let Some(last) = text.len().checked_sub(8) else {
        return text.iter().any(|&b| b == b'"' || b == b'\\' || b < 0x20);
    };
    let word = |at: usize| {
        let mut x = [0u8; 8];
        x.copy_from_slice(&text[at..at + 8]);
        let w = u64::from_le_bytes(x);
        bytes::has_below(w, 0x20) || bytes::has_byte(w, b'"') || bytes::has_byte(w, b'\\')
    };
    let mut at = 0;
    while at < last {
        if word(at) {
            return true;
        }
        at += 8;
    }
    word(last)
}

/// Whether serde_json writes `text` between quotes as it is.
pub fn is_plain(text: &str) -> bool {
    !needs_escape(text)
}

/// Append `text` as a JSON string.
pub fn push_str(out: &mut String, text: &str) {
    if needs_escape(text) {
        out.push_str(&serde_json::to_string(text).unwrap_or_default());
    } else {
        out.reserve(text.len() + 2);
        out.push('"');
        out.push_str(text);
        out.push('"');
    }
}

/// `text` as a JSON string.
pub fn string(text: &str) -> String {
    let mut out = String::new();
    push_str(&mut out, text);
    out
}

/// Append a scalar's JSON (see [`crate::matrix::scalar_json`]).
pub fn push_scalar(out: &mut String, value: &Scalar) {
    match value {
        Scalar::Str(s) => push_str(out, s),
        Scalar::Null => out.push_str("null"),
        Scalar::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        other => out.push_str(&crate::matrix::scalar_json(other).to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every ASCII character and a few others, alone and inside text: the
    /// fast path and serde_json write the same bytes.
    #[test]
    fn strings_match_serde_json() {
        let mut samples: Vec<String> = (0u8..128).map(|b| char::from(b).to_string()).collect();
        samples.extend(
            [
                "",
                "plain",
                "é ü ✓ 🚀",
                "\u{2028}\u{2029}\u{7f}",
                "a\"b\\c\nd\te\u{1}",
            ]
            .map(String::from),
        );
        // Around and inside words of eight bytes, at every offset.
        let mut longer: Vec<String> = samples.iter().map(|s| format!("x{s}y")).collect();
        for s in &samples {
            for at in 0..17 {
                longer.push(format!("{}{s}{}", "a".repeat(at), "b".repeat(17 - at)));
            }
        }
        for s in samples.iter().chain(&longer) {
            let json = serde_json::to_string(s).unwrap();
            assert_eq!(string(s), json, "{s:?}");
            assert_eq!(is_plain(s), json == format!("\"{s}\""), "{s:?}");
        }
    }

    #[test]
    fn scalars_match_serde_json() {
        for v in [
            Scalar::Null,
            Scalar::Bool(true),
            Scalar::Bool(false),
            Scalar::Int(-12),
            Scalar::Float(1.5),
            Scalar::Float(3.0),
            Scalar::Float(f64::NAN),
            Scalar::Str("a\"b".into()),
        ] {
            let mut out = String::new();
            push_scalar(&mut out, &v);
            assert_eq!(out, crate::matrix::scalar_json(&v).to_string(), "{v:?}");
        }
    }
}
