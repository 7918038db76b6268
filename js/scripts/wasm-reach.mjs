// How much of the WebAssembly module a run reaches: the functions V8
// compiled lazily (Liftoff, on first call) during one run, by crate, from
// `node --trace-wasm-compilation-times` output and the module's name section.
//
//   node js/scripts/wasm-reach.mjs MODULE.wasm TRACE.txt [--json]
//
// A cold run pays for compiling every function it reaches, so these bytes
// are a measure of cold-start work that, unlike wall time, repeats exactly
// on a busy machine. MODULE must be the build the trace came from, with its
// name section (js/scripts/profile.sh builds one into build/profile/).
import { readFileSync } from 'node:fs';

/** Reads one unsigned LEB128 at `at`; returns [value, next offset]. */
function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [value, at];
  }
}

/** Function index -> { name, size } for the module's own (not imported) functions. */
export function functions(bytes) {
  const names = new Map();
  const sizes = new Map();
  let imported = 0;
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at++];
    let size;
    [size, at] = leb(bytes, at);
    const end = at + size;
    if (id === 2) {
      // Imports: only their count of functions matters (they come first in the index space).
      let [count, p] = leb(bytes, at);
      for (let i = 0; i < count; i++) {
        let n;
        [n, p] = leb(bytes, p); p += n; // module
        [n, p] = leb(bytes, p); p += n; // field
        const kind = bytes[p++];
        if (kind === 0) { [, p] = leb(bytes, p); imported++; }
        else if (kind === 1) { p++; let flags; [flags, p] = leb(bytes, p); [, p] = leb(bytes, p); if (flags & 1) [, p] = leb(bytes, p); }
        else if (kind === 2) { let flags; [flags, p] = leb(bytes, p); [, p] = leb(bytes, p); if (flags & 1) [, p] = leb(bytes, p); }
        else if (kind === 3) p += 2;
        else throw new Error(`unknown import kind ${kind}`);
      }
    } else if (id === 10) {
      let [count, p] = leb(bytes, at);
      for (let i = 0; i < count; i++) {
        let body;
        [body, p] = leb(bytes, p);
        sizes.set(imported + i, body);
        p += body;
      }
    } else if (id === 0) {
      let [n, p] = leb(bytes, at);
      const section = new TextDecoder().decode(bytes.subarray(p, p + n));
      p += n;
      while (section === 'name' && p < end) {
        const sub = bytes[p++];
        let len;
        [len, p] = leb(bytes, p);
        const subEnd = p + len;
        if (sub === 1) {
          let count;
          [count, p] = leb(bytes, p);
          for (let i = 0; i < count; i++) {
            let index, nameLen;
            [index, p] = leb(bytes, p);
            [nameLen, p] = leb(bytes, p);
            names.set(index, new TextDecoder().decode(bytes.subarray(p, p + nameLen)));
            p += nameLen;
          }
        }
        p = subEnd;
      }
    }
    at = end;
  }
  if (names.size === 0) throw new Error('the module has no name section; use the build in build/profile/');
  return new Map([...sizes].map(([i, size]) => [i, { name: names.get(i) ?? `wasm-function[${i}]`, size }]));
}

/** The crate a (demangled) function name belongs to; the core's own by module. */
export function crateOf(name) {
  const plain = name.replace(/^[<&\s]+/, '');
  const m = /^([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?(?:::([a-z_][a-z0-9_]*))?/.exec(plain);
  if (!m) return '(other)';
  return m[1] === 'changed_backends' && m[2] ? `changed_backends::${m[2]}` : m[1];
}

/** Indices of the functions compiled by Liftoff in a --trace-wasm-compilation-times log. */
export function reached(trace) {
  const out = new Set();
  for (const m of trace.matchAll(/^Compiled function 0x[0-9a-f]+#(\d+) using Liftoff/gm)) out.add(Number(m[1]));
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [modulePath, tracePath] = process.argv.slice(2);
  const fns = functions(readFileSync(modulePath));
  const hit = reached(readFileSync(tracePath, 'utf8'));
  const byCrate = new Map();
  let bytes = 0;
  let all = 0;
  for (const [, f] of fns) all += f.size;
  for (const i of hit) {
    const f = fns.get(i);
    if (!f) continue;
    bytes += f.size;
    const c = byCrate.get(crateOf(f.name)) ?? { functions: 0, bytes: 0 };
    c.functions += 1;
    c.bytes += f.size;
    byCrate.set(crateOf(f.name), c);
  }
  const rows = [...byCrate].sort((a, b) => b[1].bytes - a[1].bytes);
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ functions: hit.size, bytes, moduleBytes: all, byCrate: Object.fromEntries(rows) }));
  } else {
    console.log(`reached ${hit.size} functions, ${bytes} bytes of code (of ${all} in the module); by crate:`);
    for (const [name, c] of rows.slice(0, 20)) console.log(`${String(c.bytes).padStart(9)} B ${String(c.functions).padStart(5)} fn  ${name}`);
  }
}
