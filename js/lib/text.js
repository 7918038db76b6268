/**
 * Untrusted text made safe to print on one line of a log or a terminal:
 * every control character (C0, DEL, C1) and Unicode's line and paragraph
 * separators written as a `\uXXXX` escape. A file name from a fork can then
 * neither start a `::` workflow command on a line of its own nor drive the
 * terminal; ordinary names print unchanged.
 */
export function oneLine(text) {
  return String(text).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
