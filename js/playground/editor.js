/**
 * Line/column arithmetic for the plain textareas, so problems reported by
 * the core (1-based line and column) can move the caret where they point.
 */

/** The character offset of a 1-based line and column in `text` (clamped). */
export function offsetOf(text, line, column) {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  const end = text.indexOf('\n', offset);
  const lineEnd = end === -1 ? text.length : end;
  return Math.min(offset + Math.max(column - 1, 0), lineEnd);
}

/** The 1-based line and column of an offset. */
export function positionOf(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { line, column };
}

/** Focuses a textarea with the caret at line:column, scrolled into view. */
export function moveCaret(textarea, line, column) {
  const at = offsetOf(textarea.value, line, column);
  textarea.focus();
  textarea.setSelectionRange(at, at);
  const lineHeight = parseFloat(getComputedStyle(textarea).lineHeight) || 18;
  textarea.scrollTop = Math.max(0, (line - 3) * lineHeight);
}
