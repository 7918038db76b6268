/**
 * Parses a GITHUB_OUTPUT file the way the runner does: `name<<DELIM` opens a
 * block ending at a line equal to DELIM; otherwise `name=value`. A name set
 * twice throws: the tests use that to catch output injection.
 */
function set(map, name, value) {
  if (map.has(name)) throw new Error(`output ${JSON.stringify(name)} set twice`);
  map.set(name, value);
}

export function parseOutputFile(text) {
  const out = new Map();
  const lines = text.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    const eq = line.indexOf('=');
    const hd = line.indexOf('<<');
    if (hd >= 0 && (eq < 0 || hd < eq)) {
      const name = line.slice(0, hd);
      const delim = line.slice(hd + 2);
      if (!name || !delim) throw new Error(`invalid heredoc line ${JSON.stringify(line)}`);
      const value = [];
      i++;
      while (i < lines.length && lines[i] !== delim) value.push(lines[i++]);
      if (i >= lines.length) throw new Error(`unterminated block for ${JSON.stringify(name)}`);
      set(out, name, value.join('\n'));
    } else if (eq > 0) {
      set(out, line.slice(0, eq), line.slice(eq + 1));
    } else {
      throw new Error(`invalid output line ${JSON.stringify(line)}`);
    }
  }
  return out;
}
