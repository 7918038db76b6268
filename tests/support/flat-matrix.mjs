/**
 * A reader for matrix files shaped like LocalAI's: top-level lists of flat
 * maps whose values are quoted strings. It exists so the tests can compute
 * expected outputs without the core's YAML parser; anything outside that
 * shape throws instead of being guessed at.
 */

/** 'single' ('' escapes a quote) or "double" (JSON escapes) quoted scalar. */
function scalar(raw, where) {
  if (/^'(?:[^']|'')*'$/.test(raw)) return raw.slice(1, -1).replace(/''/g, "'");
  if (/^"(?:[^"\\]|\\.)*"$/.test(raw)) return JSON.parse(raw);
  throw new Error(`${where}: unsupported value ${JSON.stringify(raw)} (only quoted strings)`);
}

/** Parses the text into { listName: [entry, ...] }, keys in file order. */
export function parseFlatMatrix(text) {
  const lists = {};
  let list = null;
  let entry = null;
  text.split('\n').forEach((line, i) => {
    const where = `line ${i + 1}`;
    if (/^\s*(#.*)?$/.test(line) || line === '---') return;
    let m;
    if ((m = /^([A-Za-z][\w-]*):\s*$/.exec(line))) {
      if (Object.hasOwn(lists, m[1])) throw new Error(`${where}: list ${m[1]} repeated`);
      list = lists[m[1]] = [];
      entry = null;
    } else if ((m = /^  - ([\w-]+): (.+?)\s*$/.exec(line)) && list) {
      entry = { [m[1]]: scalar(m[2], where) };
      list.push(entry);
    } else if ((m = /^    ([\w-]+): (.+?)\s*$/.exec(line)) && entry) {
      if (Object.hasOwn(entry, m[1])) throw new Error(`${where}: key ${m[1]} repeated`);
      entry[m[1]] = scalar(m[2], where);
    } else {
      throw new Error(`${where}: unsupported line ${JSON.stringify(line)}`);
    }
  });
  return lists;
}
