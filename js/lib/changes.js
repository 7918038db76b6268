/**
 * Changed-file lists as people and git write them, turned into the contract's
 * File objects. Only shape is handled here: whether a file matters is the
 * core's call (it also counts a rename's old path).
 */

/** git's one-letter statuses, spelled as the GitHub API spells them. */
const STATUS = {
  A: 'added',
  C: 'copied',
  D: 'removed',
  M: 'modified',
  R: 'renamed',
  T: 'changed',
  U: 'modified',
  X: 'modified',
};

const STATUS_FIELD = /^([ACDMRTUX])([0-9]{0,3})$/;
const STATUS_WORD = /^([ACDMRTUX])([0-9]{0,3})\s+(\S.*)$/;

/** git's one-character escapes in a quoted path (`core.quotePath`, on by default). */
const ESCAPES = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/**
 * A path as git prints it outside `-z`: one that holds a quote, a backslash,
 * a control character or (by default) any non-ASCII byte is written in double
 * quotes with C escapes, each such byte as `\ooo`. Read as written, the
 * quoted form would match nothing and the change would be lost without a
 * word, so it is decoded; one that cannot be (a bad escape, bytes that are
 * not UTF-8) is refused.
 */
function unquote(path, line) {
  if (path.length < 2 || !path.startsWith('"') || !path.endsWith('"')) return path;
  const bytes = [];
  const body = path.slice(1, -1);
  const refuse = (why) => {
    const err = new Error(`line ${line}: ${why} in the quoted path ${JSON.stringify(path)}; list paths with \`git diff -z\`, or unquoted`);
    err.line = line;
    throw err;
  };
  const utf8 = new TextEncoder();
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '"') refuse('an unescaped quote');
    if (body[i] !== '\\') {
      // A run of plain text, as UTF-8 (git leaves it so with core.quotePath off).
      let end = i;
      while (end < body.length && body[end] !== '\\' && body[end] !== '"') end++;
      for (const b of utf8.encode(body.slice(i, end))) bytes.push(b);
      i = end - 1;
      continue;
    }
    const next = body[++i];
    if (next !== undefined && Object.hasOwn(ESCAPES, next)) bytes.push(ESCAPES[next]);
    else if (/^[0-3][0-7]{2}$/.test(body.slice(i, i + 3))) {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else refuse(`an unknown escape \\${next ?? ''}`);
  }
  // git never writes these: no path is empty or holds a NUL.
  if (bytes.length === 0) refuse('nothing');
  if (bytes.includes(0)) refuse('a NUL byte');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    return refuse('bytes that are not UTF-8');
  }
}

function file(letter, paths) {
  const status = STATUS[letter];
  if (letter === 'R' && paths.length === 2) {
    return { filename: paths[1], status, previous_filename: paths[0] };
  }
  // A copy's source did not change: only the new path is reported.
  return { filename: paths[paths.length - 1], status };
}

/** `git diff --name-status -z` output: NUL-separated status, then one or two paths. */
function parseNul(text) {
  const fields = text.split('\0');
  const files = [];
  for (let i = 0; i < fields.length; ) {
    const tagged = STATUS_FIELD.exec(fields[i]);
    if (!tagged) {
      if (fields[i] !== '') files.push({ filename: fields[i] });
      i += 1;
      continue;
    }
    const count = tagged[1] === 'R' || tagged[1] === 'C' ? 2 : 1;
    files.push(file(tagged[1], fields.slice(i + 1, i + 1 + count)));
    i += 1 + count;
  }
  return files;
}

/**
 * The paths of a hand-typed line after its status letter: one path, or for a
 * rename `old -> new` (as `git status --short` writes it) or `old new`.
 */
function typedPaths(letter, rest) {
  if (letter !== 'R') return [rest];
  const arrow = rest.split(' -> ');
  if (arrow.length === 2) return arrow;
  const parts = rest.split(/\s+/);
  return parts.length === 2 ? parts : [rest];
}

/**
 * Parses one changed file per line: a bare path, or `git diff --name-status`
 * output (`M\tpath`, `R100\told\tnew`; with `-z` too, which keeps unusual
 * paths intact). A path in double quotes is read as git quotes unusual names
 * (C escapes, `\ooo` bytes); one that cannot be decoded throws. A single
 * status letter followed by spaces is accepted for hand-typed lists (a
 * rename as `R old -> new` or `R old new`). Blank lines and lines starting
 * with `#` are skipped and a line's outer spaces trimmed, so a list of names
 * that could look like these is exact only as `git diff --name-status -z`.
 */
export function parseChanges(input) {
  // A byte order mark (as some editors and shells write one) is no part of a name.
  const text = String(input).replace(/^\uFEFF/, '');
  if (text.includes('\0')) return parseNul(text);
  const files = [];
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].replace(/\r$/, '');
    if (line.trim() === '' || line.startsWith('#')) continue;
    const fields = line.split('\t');
    const tagged = STATUS_FIELD.exec(fields[0]);
    if (fields.length > 1 && tagged) {
      files.push(file(tagged[1], fields.slice(1).map((path) => unquote(path, n + 1))));
      continue;
    }
    const typed = fields.length === 1 ? STATUS_WORD.exec(line) : null;
    if (typed) {
      files.push(file(typed[1], typedPaths(typed[1], typed[3].trim()).map((path) => unquote(path, n + 1))));
      continue;
    }
    files.push({ filename: unquote(line.trim(), n + 1) });
  }
  return files;
}

/** Accepts paths or File objects and keeps only the contract's three keys. */
export function toFiles(list) {
  return list.map((item) => {
    if (typeof item === 'string') return { filename: item };
    const out = { filename: item.filename };
    if (item.status !== undefined) out.status = item.status;
    if (item.previous_filename !== undefined) out.previous_filename = item.previous_filename;
    return out;
  });
}
