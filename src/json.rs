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

/// [`push_str`] into bytes, for a writer that assembles a whole text:
/// `String::push` of a quote costs several times `Vec::push` of its byte.
pub fn push_str_bytes(out: &mut Vec<u8>, text: &str) {
    if needs_escape(text) {
        out.extend_from_slice(serde_json::to_string(text).unwrap_or_default().as_bytes());
    } else {
        // Entries' JSON is written into a buffer sized for it: the call to
        // grow is made only when it is not.
        if out.capacity() - out.len() < text.len() + 2 {
            out.reserve(text.len() + 2);
        }
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
    }
}

/// [`push_scalar`] into bytes (see [`push_str_bytes`]).
pub fn push_scalar_bytes(out: &mut Vec<u8>, value: &Scalar) {
    match value {
        Scalar::Str(s) => push_str_bytes(out, s),
        Scalar::Null => out.extend_from_slice(b"null"),
        Scalar::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        other => out.extend_from_slice(crate::matrix::scalar_json(other).to_string().as_bytes()),
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
            assert_eq!(string(s), serde_json::to_string(s).unwrap(), "{s:?}");
            let mut bytes = Vec::new();
            push_str_bytes(&mut bytes, s);
            assert_eq!(bytes, serde_json::to_vec(s).unwrap(), "{s:?}");
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
            let mut bytes = Vec::new();
            push_scalar_bytes(&mut bytes, &v);
            assert_eq!(bytes, out.as_bytes(), "{v:?}");
        }
    }
}
