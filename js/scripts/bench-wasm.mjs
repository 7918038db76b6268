// The core's benchmark under Node, through the WebAssembly module and its
// Node glue (build/wasm/node/changed_backends.js), on the inputs written by
// `cargo bench --bench core -- --inputs DIR`. Prints one JSON object per line.
//
//   node js/scripts/bench-wasm.mjs compile            one module compile
//   node js/scripts/bench-wasm.mjs DIR localai|synthetic|growth-N
//   node js/scripts/bench-wasm.mjs calls [RUNS]       the action's calls, cold
//
// `calls` runs the calls the action makes — plan (config only), plan (the
// matrix read), decide — on LocalAI's matrix and example config, each run in
// a fresh process, for a `schedule` (run-all) and a 12-file change
// (filtered), interleaved; it prints the median wall and CPU time of each
// call as markdown. CHANGED_BACKENDS_WASM_DIR picks another build directory
// (one holding node/changed_backends.js) to compare two builds.
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
const wasmDir = process.env.CHANGED_BACKENDS_WASM_DIR || `${root}build/wasm`;
const wasmPath = `${wasmDir}/changed_backends_bg.wasm`;
const gluePath = `${wasmDir}/node/changed_backends.js`;
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

if (what === 'calls') {
  await calls(Number(scenarioArg) || 9);
  process.exit(0);
}
if (what === 'calls-once') {
  await callsOnce(scenarioArg);
  process.exit(0);
}

/** One fresh process: the action's three calls, each timed (wall and CPU). */
async function callsOnce(kind) {
  const config = readFileSync(`${root}examples/localai/changed-backends.yml`, 'utf8');
  const matrix = readFileSync(`${root}tests/fixtures/localai/backend-matrix.yml`, 'utf8');
  const changed = [
    'backend/python/vllm/backend.py', 'backend/python/vllm/requirements.txt',
    'backend/go/whisper/gowhisper.go', 'backend/cpp/llama-cpp/grpc-server.cpp',
    'backend/Dockerfile.python', 'pkg/grpc/server.go', 'pkg/grpc/server_test.go',
    'scripts/build/package-gpu-libs.sh', 'docs/content/backends.md', 'README.md',
    'core/http/app.go', 'gallery/index.yaml',
  ];
  const input = {
    config: { path: '.github/changed-backends.yml', text: config },
    responses: [],
  };
  // A list of changed files alone is filtered; with a `schedule` event the
  // core decides a run-all whatever files are given.
  if (kind === 'changes') input.changes = { files: changed.map((filename) => ({ filename, status: 'modified' })) };
  else input.event = { name: 'schedule' };
  const out = {};
  const timed = (name, f) => {
    const c = process.cpuUsage();
    const t = performance.now();
    const r = f();
    out[name] = { wall: performance.now() - t, cpu: (() => { const d = process.cpuUsage(c); return (d.user + d.system) / 1000; })() };
    return r;
  };
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const core = await import(gluePath);
  const d0 = process.cpuUsage(c0);
  out.load = { wall: performance.now() - t0, cpu: (d0.user + d0.system) / 1000 };
  const first = timed('plan', () => core.plan(input));
  for (const r of first.requests) input.responses.push({ id: r.id, ok: true, data: { text: matrix } });
  const second = timed('plan+matrix', () => core.plan(input));
  const result = timed('decide', () => core.decide(input));
  const want = kind === 'changes' ? 'filtered' : 'run-all';
  if (first.requests.length !== 1 || second.requests.length || result.errors.length || result.decision !== want) {
    console.error(`calls ${kind}: unexpected outcome`, result.errors[0] ?? result.decision);
    process.exit(1);
  }
  emit(out);
}

/** Fresh processes for `schedule` and `changes`, interleaved; medians as markdown. */
async function calls(runs) {
  const { execFileSync } = await import('node:child_process');
  const self = fileURLToPath(import.meta.url);
  const kinds = ['schedule', 'changes'];
  const seen = Object.fromEntries(kinds.map((k) => [k, []]));
  for (let i = 0; i < runs; i++) {
    for (const k of kinds) seen[k].push(JSON.parse(execFileSync(process.execPath, [self, 'calls-once', k], { encoding: 'utf8' })));
  }
  const steps = ['load', 'plan', 'plan+matrix', 'decide'];
  const f = (v) => v.toFixed(1);
  console.log(`Cold calls, ${runs} fresh processes each, interleaved; median ms (wall / CPU). Module: ${wasmPath}`);
  console.log();
  console.log(`| event | ${steps.join(' | ')} | calls in all |`);
  console.log(`|---|${steps.map(() => '---:|').join('')}---:|`);
  for (const k of kinds) {
    const cell = (s) => `${f(median(seen[k].map((o) => o[s].wall)))} / ${f(median(seen[k].map((o) => o[s].cpu)))}`;
    const total = (m) => f(median(seen[k].map((o) => steps.slice(1).reduce((n, s) => n + o[s][m], 0))));
    console.log(`| ${k === 'changes' ? '12 changed files' : k} | ${steps.map(cell).join(' | ')} | ${total('wall')} / ${total('cpu')} |`);
  }
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
