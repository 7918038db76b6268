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
 * Parses one changed file per line: a bare path, or `git diff --name-status`
 * output (`M\tpath`, `R100\told\tnew`; with `-z` too, which keeps unusual
 * paths intact). A single status letter followed by spaces is accepted for
 * hand-typed lists. Blank lines and lines starting with `#` are skipped.
 */
export function parseChanges(text) {
  if (String(text).includes('\0')) return parseNul(String(text));
  const files = [];
  for (const raw of String(text).split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.startsWith('#')) continue;
    const fields = line.split('\t');
    const tagged = STATUS_FIELD.exec(fields[0]);
    if (fields.length > 1 && tagged) {
      files.push(file(tagged[1], fields.slice(1)));
      continue;
    }
    const typed = fields.length === 1 ? STATUS_WORD.exec(line) : null;
    if (typed) {
      const rest = typed[3].trim();
      const parts = rest.split(/\s+/);
      const paths = typed[1] === 'R' && parts.length === 2 ? parts : [rest];
      files.push(file(typed[1], paths));
      continue;
    }
    files.push({ filename: line.trim() });
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
