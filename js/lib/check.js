/**
 * Shape checks on what callers pass to the library's functions. A typo in a
 * key or a string where a list belongs would otherwise reach the core as
 * "no changed files" and come back as an empty selection; here it is a
 * TypeError that names the field. Whether a file matters stays the core's call.
 */

/** Levenshtein distance between two short words. */
function distance(a, b) {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const next = [i];
    for (let j = 1; j <= b.length; j += 1) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length];
}

/**
 * The known word a typo most likely meant, or null: the closest one within
 * a third of its length (at least 1) in edits, else one that is a prefix of
 * the typo or has it as a prefix.
 */
export function nearest(word, known) {
  let best = null;
  for (const name of known) {
    const d = distance(word, name);
    if (d <= Math.max(1, Math.floor(name.length / 3)) && (best === null || d < best.d)) best = { name, d };
  }
  if (best) return best.name;
  return known.find((k) => k.startsWith(word) || word.startsWith(k)) ?? null;
}

const describe = (value) => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value);

/** Throws when `input` is not a plain object or has keys outside `allowed`. */
export function checkKeys(fn, input, allowed) {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new TypeError(`${fn}() takes an object { ${allowed.join(', ')} }, got ${describe(input)}`);
  }
  for (const key of Object.keys(input)) {
    if (!allowed.includes(key)) {
      const near = nearest(key, allowed);
      const hint = near ? ` (did you mean \`${near}\`?)` : '';
      throw new TypeError(`${fn}(): unknown key \`${key}\`${hint}; it takes ${allowed.join(', ')}`);
    }
  }
}

/** Throws unless `value` is an array; `what` names the field in the message. */
export function checkArray(fn, what, value) {
  if (!Array.isArray(value)) {
    throw new TypeError(`${fn}(): \`${what}\` must be an array, got ${describe(value)}`);
  }
}

/** Changed files: paths, or objects with a string `filename` (and optional string `status`, `previous_filename`). */
export function checkFiles(fn, files) {
  checkArray(fn, 'files', files);
  files.forEach((item, i) => {
    if (typeof item === 'string') return;
    if (item === null || typeof item !== 'object') {
      throw new TypeError(`${fn}(): \`files[${i}]\` must be a path or { filename }, got ${describe(item)}`);
    }
    if (typeof item.filename !== 'string') {
      throw new TypeError(`${fn}(): \`files[${i}].filename\` must be a string, got ${describe(item.filename)}`);
    }
    for (const key of ['status', 'previous_filename']) {
      if (item[key] !== undefined && typeof item[key] !== 'string') {
        throw new TypeError(`${fn}(): \`files[${i}].${key}\` must be a string, got ${describe(item[key])}`);
      }
    }
  });
}

/** Tracked files for lint(): an array of paths. */
export function checkPaths(fn, files) {
  checkArray(fn, 'files', files);
  files.forEach((item, i) => {
    if (typeof item !== 'string') throw new TypeError(`${fn}(): \`files[${i}]\` must be a path string, got ${describe(item)}`);
  });
}
