// Turns the benchmark's JSON lines into markdown tables (stdout).
//
//   node js/scripts/bench-report.mjs native.jsonl wasm.jsonl
//
// native.jsonl comes from `cargo bench --bench core`, wasm.jsonl from
// js/scripts/bench-wasm.mjs. Only formats; measures nothing.
import { readFileSync } from 'node:fs';

const lines = (path) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
const native = lines(process.argv[2]);
const wasm = lines(process.argv[3]);

const ms = (v) => {
  if (v === undefined || Number.isNaN(v)) return '–';
  if (v < 10) return `${v.toFixed(2)} ms`;
  if (v < 100) return `${v.toFixed(1)} ms`;
  return `${Math.round(v).toLocaleString('en-US')} ms`;
};
const us = (v) => (v === undefined ? '–' : `${v.toFixed(1)} µs`);
const int = (v) => (v === undefined ? '–' : v.toLocaleString('en-US'));
const ratio = (x, y) => (x && y ? `${(x / y).toFixed(1)}×` : '–');
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const out = [];
const p = (s = '') => out.push(s);
const table = (head, rows) => {
  p(`| ${head.join(' | ')} |`);
  p(`|${head.map((h, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
  for (const r of rows) p(`| ${r.join(' | ')} |`);
  p();
};

const find = (list, bench, mode, extra = {}) =>
  list.find(
    (r) => r.bench === bench && r.mode === mode && Object.entries(extra).every(([k, v]) => r[k] === v),
  );
const stage = (bench, name) => find(native, bench, 'stage', { stage: name })?.ms;
const build = native.find((r) => r.bench === 'build');

const workloads = [
  ['LocalAI matrix × 3,000 files (example config)', 'localai'],
  ['Synthetic 10,000 entries × 3,000 files × 50 rules', 'synthetic'],
];
const growthSizes = [...new Set(native.filter((r) => r.bench === 'growth').map((r) => r.entries))];

p('### Core, native');
p();
p(
  `\`cargo bench --bench core\`, profile: ${build?.profile ?? 'release'} — the release profile ` +
    'optimises for size (`opt-level = "z"`), not speed. Medians of 15–21 runs after one warm-up. ' +
    '**Full** = `decide` parsing the config and matrix, compiling the rules, selecting and rendering ' +
    '(runs alternate two config texts so the memo never hits). **Memo hit** = `decide` again on the ' +
    'same config + matrix texts: `run.rs` reuses the compiled config+matrix, so this is selection + ' +
    'rendering (plus re-parsing the small config and comparing the texts).',
);
p();
table(
  ['Workload', 'Entries', 'Changed files', 'Selected', 'Full decide', 'Memo hit (select + render)'],
  workloads.map(([label, bench]) => {
    const f = find(native, bench, 'full');
    const w = find(native, bench, 'warm');
    return [label, int(f?.entries), int(f?.files), int(f?.selected), ms(f?.ms), ms(w?.ms)];
  }),
);
const stages = ['config parse', 'matrix parse', 'rules compile', 'select', 'render'];
p('Where a full decide goes (each step timed on its own):');
p();
table(
  ['Step', ...workloads.map(([, b]) => (b === 'localai' ? 'LocalAI' : 'Synthetic 10k'))],
  stages.map((s) => [s, ...workloads.map(([, b]) => ms(stage(b, s)))]),
);
const sched = find(native, 'localai-schedule', 'warm');
if (sched) {
  p(`LocalAI \`schedule\` event (run-all, every entry rendered), memo hit: ${ms(sched.ms)}.`);
  p();
}
p('Growth (same generator and rules; 3,000 changed files touching the sources of 15 % of the backends):');
p();
table(
  ['Entries', 'Selected', 'Full decide', 'Full µs/entry', 'Memo hit', 'Memo hit µs/entry'],
  [...growthSizes, 10000].map((n) => {
    const bench = n === 10000 ? 'synthetic' : 'growth';
    const f = find(native, bench, 'full', { entries: n });
    const w = find(native, bench, 'warm', { entries: n });
    return [int(n), int(f?.selected), ms(f?.ms), us(f?.us_per_entry), ms(w?.ms), us(w?.us_per_entry)];
  }),
);

p('### Core, WebAssembly under Node');
p();
const compiles = wasm.filter((r) => r.bench === 'wasm-compile');
const loads = wasm.filter((r) => r.load_ms !== undefined).map((r) => r.load_ms);
if (compiles.length) {
  p(
    `Module: ${int(compiles[0].bytes)} bytes. \`new WebAssembly.Module\` compile: ${ms(median(compiles.map((r) => r.ms)))} ` +
      `(median of ${compiles.length} fresh processes); importing the Node glue (read + compile + instantiate): ` +
      `${ms(median(loads))} (median of ${loads.length / 2} fresh processes).`,
  );
  p();
}
p(
  'Each workload runs in a fresh `node` process through `build/wasm/node/changed_backends.js`; times ' +
    'include converting the input and result objects at the JS boundary. **First** = the first call ' +
    'in the process (cold: nothing has run yet; the memo-hit "first" is the call right after the first ' +
    'full decide), **later** = median of the next 15 calls (warm).',
);
p();
table(
  ['Workload', 'Full: first', 'Full: later', 'Memo hit: first', 'Memo hit: later', 'Warm full vs native'],
  workloads.map(([label, bench]) => {
    const f = find(wasm, bench, 'full');
    const w = find(wasm, bench, 'warm');
    return [label, ms(f?.cold_ms), ms(f?.ms), ms(w?.cold_ms), ms(w?.ms), ratio(f?.ms, find(native, bench, 'full')?.ms)];
  }),
);
p('Growth under WebAssembly:');
p();
table(
  ['Entries', 'Full: first', 'Full: later', 'Full µs/entry', 'Memo hit: later', 'Memo hit µs/entry'],
  [...growthSizes, 10000].map((n) => {
    const bench = n === 10000 ? 'synthetic' : 'growth';
    const f = find(wasm, bench, 'full', { entries: n });
    const w = find(wasm, bench, 'warm', { entries: n });
    return [
      int(n),
      ms(f?.cold_ms),
      ms(f?.ms),
      us(f ? (f.ms * 1000) / n : undefined),
      ms(w?.ms),
      us(w ? (w.ms * 1000) / n : undefined),
    ];
  }),
);
process.stdout.write(out.join('\n'));
