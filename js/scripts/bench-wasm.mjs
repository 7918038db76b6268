// The core's benchmark under Node, through the WebAssembly module and its
// Node glue (build/wasm/node/changed_backends.js), on the inputs written by
// `cargo bench --bench core -- --inputs DIR`. Prints one JSON object per line.
//
//   node js/scripts/bench-wasm.mjs compile            one module compile
//   node js/scripts/bench-wasm.mjs DIR localai|synthetic|growth-N
//
// A scenario runs in a fresh process, so its first calls are cold: the
// module was just compiled and instantiated and nothing has run yet.
// Order of calls:
//   1. decide(A)                 cold full decide (parse + compile + select + render)
//   2. decide(A)                 cold memo hit (select + render on the compiled config+matrix)
//   3. decide(B), decide(A), ... warm full decides: A and B differ by a config
//                                comment, so each call misses the memo
//   4. decide(A), decide(A), ... warm memo hits
// Timings include the conversion of the input and result objects at the
// JS/WebAssembly boundary, as the action pays them.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = fileURLToPath(new URL('../../', import.meta.url));
const wasmPath = `${root}build/wasm/changed_backends_bg.wasm`;
const gluePath = `${root}build/wasm/node/changed_backends.js`;
const RUNS = 15;

const emit = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

const [what, scenarioArg] = process.argv.slice(2);

if (what === 'compile') {
  const bytes = readFileSync(wasmPath);
  const t = performance.now();
  new WebAssembly.Module(bytes);
  emit({ bench: 'wasm-compile', ms: performance.now() - t, bytes: bytes.length });
  process.exit(0);
}

const dir = what;
const scenario = scenarioArg;
let prefix;
let bench = scenario;
if (scenario === 'localai') prefix = 'localai';
else if (scenario === 'synthetic') prefix = 'synth-10000';
else if (/^growth-\d+$/.test(scenario)) {
  prefix = `synth-${scenario.slice('growth-'.length)}`;
  bench = 'growth';
} else {
  console.error('usage: bench-wasm.mjs compile | DIR localai|synthetic|growth-N');
  process.exit(2);
}
const read = (name) => readFileSync(`${dir}/${name}`, 'utf8');
const configText = read(scenario === 'localai' ? 'localai-config.yml' : 'synth-config.yml');
const matrixText = read(`${prefix}-matrix.yml`);
const files = JSON.parse(read(`${prefix}-files.json`));

const input = (config) => ({
  config: { path: 'config.yml', text: config },
  matrix: { path: 'matrix.yml', text: matrixText },
  changes: { files },
});
const a = input(configText);
const b = input(`${configText}\n# variant\n`);

let t = performance.now();
const core = await import(gluePath);
const load = performance.now() - t;

const timed = (x) => {
  const s = performance.now();
  const out = core.decide(x);
  return [performance.now() - s, out];
};

const [coldFull, first] = timed(a);
if (first.errors.length || first.decision !== 'filtered') {
  console.error(`${scenario}: unexpected outcome`, first.errors[0] ?? first.decision);
  process.exit(1);
}
const [coldWarmHit] = timed(a);
const full = [];
for (let i = 0; i < RUNS; i++) full.push(timed(i % 2 ? a : b)[0]);
timed(a);
const hit = [];
for (let i = 0; i < RUNS; i++) hit.push(timed(a)[0]);

const entries = matrixText.match(/^ {2}- /gm)?.length ?? 0;
const common = {
  bench,
  entries: scenario === 'localai' ? undefined : entries,
  files: files.length,
  selected: first.partitions.reduce((n, p) => n + p.entries.length, 0),
  runs: RUNS,
  load_ms: load,
};
emit({ ...common, mode: 'full', cold_ms: coldFull, ms: median(full) });
emit({ ...common, mode: 'warm', cold_ms: coldWarmHit, ms: median(hit) });
