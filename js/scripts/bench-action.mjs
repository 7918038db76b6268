// Whole-action timing: what a workflow step pays for `node dist/index.js`,
// measured against a bare `node -e 0` so the number means the same on any
// machine. Four runs, interleaved in one sitting (so drift in machine load
// hits all of them alike), N times each after one warm-up:
//
//   node -e 0        process start-up, the floor
//   schedule         the action on LocalAI's matrix and example config: no API
//   push             a real git repo, one changed backend directory, compare
//                    served by the loopback fake GitHub API (tests/support),
//                    which answers from memory after the warm-up (its git
//                    results memoised), so only the action's time is counted
//   pull_request     the same repo, a 12-commit pull request: its files and
//                    the pull itself from the loopback API
//
// Prints a markdown table (medians, ratios, peak RSS, the API calls of each
// event in rounds of calls in flight together, dist/ sizes); --json prints the
// same data for machines. Not a test: nothing is asserted beyond each run
// succeeding with the expected reason.
//
//   node js/scripts/bench-action.mjs [--json] [--runs N] [--dist DIR]
//                                    [--runner-env] [--node PATH] [--floor]
//
// --dist runs another build of the action (a copy of an earlier dist/, to
// compare two builds in one sitting).
// --runner-env removes every NODE_* variable but NODE_ENV from the children's
// environment, as on a GitHub-hosted runner: NODE_EXTRA_CA_CERTS alone costs
// Node 20 ~60 ms a start (it parses the bundle eagerly). NODE_ENV stays: Node
// never reads it, only libraries do, and a workflow may set it on purpose.
// --node runs every child (the baseline and the action) with that binary, e.g.
// the node24 that action.yml declares: `--node "$(bash js/scripts/fetch-node.sh 24)"`.
// The header names the children's Node, its path, and NODE_EXTRA_CA_CERTS.
// --floor adds, for each event, the same run with the core's answers replayed
// (floor-dist.mjs: recorded in the warm-up, then returned without calling the
// core; the module is still compiled and instantiated): what the rest of the
// stack costs, the least any core could make that run cost.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { makeFloorDist } from './floor-dist.mjs';
import { startFakeGitHub } from '../../tests/support/fake-github.mjs';
import { localaiRepo, pushEvent, pullEvent, OWNER, NAME } from '../../tests/support/localai.mjs';
import { parseOutputFile } from '../../tests/support/outputs.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const distAt = args.indexOf('--dist');
const dist = distAt >= 0 ? resolve(args[distAt + 1]) : join(root, 'dist');
const asJson = args.includes('--json');
const runsAt = args.indexOf('--runs');
const N = runsAt >= 0 ? Number(args[runsAt + 1]) : 15;
if (!Number.isInteger(N) || N < 1) throw new Error('--runs takes a positive integer');
const nodeAt = args.indexOf('--node');
if (nodeAt >= 0 && !args[nodeAt + 1]) throw new Error('--node takes the path of a node binary');
const nodeBin = nodeAt >= 0 ? resolve(args[nodeAt + 1]) : process.execPath;
const runnerEnv = args.includes('--runner-env');
const floor = args.includes('--floor');

// The children's environment: this one, or with --runner-env without the
// NODE_* variables a GitHub-hosted runner does not set (NODE_ENV kept).
const removedEnv = runnerEnv ? Object.keys(process.env).filter((k) => k.startsWith('NODE_') && k !== 'NODE_ENV').sort() : [];
const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !removedEnv.includes(k)));
const childNode = execFileSync(nodeBin, ['--version'], { env: baseEnv, encoding: 'utf8' }).trim();

/** Runs one child process; resolves to its wall time in ms (spawn to exit). */
function timed(argv, { cwd = root, env = baseEnv } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(nodeBin, argv, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (code !== 0) reject(new Error(`${argv.join(' ')} exited ${code}: ${stderr}`));
      else resolve(ms);
    });
  });
}

/** The runner's environment for one action scenario; GITHUB_OUTPUT is reset per run. */
function actionScenario(name, { workspace, eventName, event, apiUrl, reason, distDir = dist, extraEnv = {} }) {
  const dir = mkdtempSync(join(tmpdir(), `cb-bench-${name}-`));
  const eventPath = join(dir, 'event.json');
  const output = join(dir, 'output');
  writeFileSync(eventPath, JSON.stringify(event));
  const clean = Object.fromEntries(Object.entries(baseEnv).filter(([k]) => !/^(GITHUB_|INPUT_|RUNNER_|ACTIONS_)/.test(k)));
  const env = {
    ...clean,
    GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: eventName, GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: join(dir, 'summary.md'), GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: `${OWNER}/${NAME}`, GITHUB_API_URL: apiUrl ?? 'http://127.0.0.1:9',
    INPUT_TOKEN: 'bench-token', 'INPUT_REQUEST-TIMEOUT-SECONDS': '5', 'INPUT_MAX-WAIT-SECONDS': '10',
    ...extraEnv,
  };
  return {
    name,
    env,
    /** One run; with `rssFile`, the peak RSS is written there (a separate, untimed kind of run). */
    async once({ rssFile } = {}) {
      writeFileSync(output, '');
      writeFileSync(env.GITHUB_STEP_SUMMARY, '');
      const argv = rssFile ? ['-r', rssPreload, join(distDir, 'index.js')] : [join(distDir, 'index.js')];
      const ms = await timed(argv, { cwd: workspace, env: rssFile ? { ...env, CB_BENCH_RSS_FILE: rssFile } : env });
      const got = parseOutputFile(readFileSync(output, 'utf8')).get('reason');
      if (got !== reason) throw new Error(`${name}: reason ${JSON.stringify(got)}, expected ${JSON.stringify(reason)}`);
      return ms;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

// Peak RSS of a run: a preloaded hook writes process.resourceUsage().maxRSS
// (KiB) when the process exits. Measured in extra runs, never the timed ones.
const rssDir = mkdtempSync(join(tmpdir(), 'cb-bench-rss-'));
const rssPreload = join(rssDir, 'rss.cjs');
writeFileSync(rssPreload, "process.on('exit', () => require('fs').writeFileSync(process.env.CB_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));\n");

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Groups logged requests into rounds: requests whose [arrival, answer] intervals overlap. */
function rounds(requests) {
  const out = [];
  let end = -Infinity;
  for (const r of [...requests].sort((a, b) => a.at - b.at)) {
    const call = `${r.method} ${r.path}${r.query.page ? ` (page ${r.query.page})` : ''}`;
    if (r.at < end) out[out.length - 1].push(call);
    else out.push([call]);
    end = Math.max(end, r.done ?? Infinity);
  }
  return out;
}

/** Every file under dist/, raw and gzip bytes, and the totals. */
function distSizes() {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else {
        const bytes = readFileSync(full);
        files.push({ path: relative(root, full), raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
      }
    }
  };
  walk(dist);
  const total = files.reduce((t, f) => ({ raw: t.raw + f.raw, gzip: t.gzip + f.gzip }), { raw: 0, gzip: 0 });
  return { files, total };
}

async function main() {
  const started = Date.now();

  // schedule: a plain workspace holding only the two files the action reads.
  const ws = mkdtempSync(join(tmpdir(), 'cb-bench-ws-'));
  mkdirSync(join(ws, '.github'));
  writeFileSync(join(ws, '.github/backend-matrix.yml'), readFileSync(join(root, 'tests/fixtures/localai/backend-matrix.yml')));
  writeFileSync(join(ws, '.github/changed-backends.yml'), readFileSync(join(root, 'examples/localai/changed-backends.yml')));

  // push: one changed backend directory, compare served over loopback.
  const repo = localaiRepo();
  const before = repo.commit('vllm', { 'backend/python/vllm/backend.py': 'v1\n' });
  const after = repo.commit('edit vllm', { 'backend/python/vllm/backend.py': 'v2\n' });
  // pull_request: a 12-commit window touching a few backends, on a branch.
  repo.git('checkout', '-q', '-b', 'feature');
  let head = after;
  const touched = ['vllm', 'diffusers', 'transformers', 'rerankers'];
  for (let i = 0; i < 12; i++) {
    const b = touched[i % touched.length];
    head = repo.commit(`pr ${i}`, { [`backend/python/${b}/backend.py`]: `pr ${i}\n` });
  }
  // The repository is final: git results may be memoised from here on.
  const gh = await startFakeGitHub({ repo, owner: OWNER, name: NAME, pulls: { 7: { base: after, head } }, memoGit: true });

  const events = [
    { name: 'schedule', workspace: ws, eventName: 'schedule', event: { schedule: '0 2 * * *' }, reason: 'schedule' },
    { name: 'push', workspace: repo.dir, eventName: 'push', event: pushEvent({ before, after }), apiUrl: gh.url, reason: 'filtered' },
    { name: 'pull_request', workspace: repo.dir, eventName: 'pull_request', event: pullEvent({ number: 7, base: after, head }), apiUrl: gh.url, reason: 'filtered' },
  ];
  const scenarios = [
    { name: 'node -e 0', once: () => timed(['-e', '0']), cleanup() {} },
    ...events.map((e) => actionScenario(e.name, e)),
  ];
  // --floor: each event again with the core's answers replayed; the warm-up
  // run below records them (CB_BENCH_FLOOR_MODE=record), the timed runs replay.
  const floorDir = floor ? mkdtempSync(join(tmpdir(), 'cb-bench-floor-')) : null;
  const replayed = [];
  if (floor) {
    const floorDist = makeFloorDist(dist, join(floorDir, 'dist'));
    for (const e of events) {
      const s = actionScenario(`${e.name}, core replayed`, {
        ...e, distDir: floorDist,
        extraEnv: { CB_BENCH_FLOOR_MODE: 'record', CB_BENCH_FLOOR_FILE: join(floorDir, `${e.name}.bin`) },
      });
      replayed.push(s);
      scenarios.push(s);
    }
  }
  // API calls per run of each event, counted on the loopback server. This
  // untimed run holds every answer 50 ms, as a distant API would, so calls in
  // flight together overlap in the server's log: each inner list is one round.
  const calls = {};
  gh.setLatency(50);
  for (const s of scenarios) {
    const n0 = gh.requests.length;
    await s.once(); // also the warm-up: disk cache, and fills the server's git memo
    if (!replayed.includes(s)) calls[s.name] = rounds(gh.requests.slice(n0));
  }
  gh.setLatency(0);
  for (const s of replayed) s.env.CB_BENCH_FLOOR_MODE = 'replay';
  const samples = Object.fromEntries(scenarios.map((s) => [s.name, []]));
  const peakRss = {};
  try {
    for (let i = 0; i < N; i++) {
      // Rotate the order so no scenario always runs right after another.
      for (let j = 0; j < scenarios.length; j++) {
        const s = scenarios[(i + j) % scenarios.length];
        samples[s.name].push(await s.once());
      }
    }
    for (const s of scenarios) {
      if (!s.name.includes(' ')) {
        const file = join(rssDir, 'rss');
        for (let i = 0; i < 3; i++) {
          await s.once({ rssFile: file });
          peakRss[s.name] = Math.max(peakRss[s.name] ?? 0, Number(readFileSync(file, 'utf8')) / 1024);
        }
      }
    }
  } finally {
    rmSync(rssDir, { recursive: true, force: true });
    if (floorDir) rmSync(floorDir, { recursive: true, force: true });
    for (const s of scenarios) s.cleanup();
    await gh.close();
    repo.remove();
    rmSync(ws, { recursive: true, force: true });
  }

  const base = median(samples['node -e 0']);
  const runs = Object.fromEntries(Object.entries(samples).map(([name, xs]) => [name, {
    medianMs: +median(xs).toFixed(1), minMs: +Math.min(...xs).toFixed(1), maxMs: +Math.max(...xs).toFixed(1),
    ratio: +(median(xs) / base).toFixed(2), peakRssMb: peakRss[name] === undefined ? null : +peakRss[name].toFixed(1), samplesMs: xs.map((x) => +x.toFixed(1)),
  }]));
  const report = {
    node: childNode, nodePath: nodeBin, benchNode: process.version, platform: `${process.platform}-${process.arch}`,
    env: { runnerEnv, removed: removedEnv, nodeExtraCaCerts: baseEnv.NODE_EXTRA_CA_CERTS !== undefined },
    api: 'loopback, answers from memory (git results memoised after the warm-up)',
    runs: N, results: runs, apiCalls: calls, dist: distSizes(), benchSeconds: +((Date.now() - started) / 1000).toFixed(1),
  };

  if (asJson) {
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    return;
  }
  const lines = [
    `Whole action, ${N} interleaved runs each, Node ${report.node} (${report.platform}); ${report.benchSeconds} s in all.`,
    '',
    `- Children (baseline and action): Node ${report.node}, \`${report.nodePath}\``,
    `- NODE_EXTRA_CA_CERTS in the children's environment: ${report.env.nodeExtraCaCerts ? 'set (Node 20 parses that bundle at every start)' : 'not set'}`,
    runnerEnv
      ? `- --runner-env: removed from the children's environment: ${removedEnv.length ? removedEnv.join(', ') : 'nothing (no NODE_* variable was set)'}`
      : '- Environment: as the benchmark was started (--runner-env not given)',
    `- API: ${report.api}; no latency in the timed runs`,
    '',
    '| run | median ms | min ms | max ms | × `node -e 0` | peak RSS MB |',
    '|---|---:|---:|---:|---:|---:|',
    ...Object.entries(runs).map(([name, r]) => `| ${name} | ${r.medianMs} | ${r.minMs} | ${r.maxMs} | ${r.ratio} | ${r.peakRssMb ?? '—'} |`),
    '',
    ...(floor ? [
      '"core replayed": the same run with the core\'s answers recorded in the warm-up and returned without calling it (the module is still compiled and instantiated): what Node, the bundle, octokit, the API round trips and the outputs cost, the least any core could make that run cost.',
      '',
    ] : []),
    'API calls per run (loopback server log, answers held 50 ms; calls joined by ‖ were in flight together, → starts the next round):',
    '',
    ...Object.entries(calls).filter(([, c]) => c.length > 0).map(([name, c]) =>
      `- ${name}: ${c.flat().length} in ${c.length} round${c.length === 1 ? '' : 's'} — ${c.map((round) => round.map((x) => `\`${x}\``).join(' ‖ ')).join(' → ')}`),
    '',
    '| dist/ file | raw bytes | gzip bytes |',
    '|---|---:|---:|',
    ...report.dist.files.map((f) => `| ${f.path} | ${f.raw} | ${f.gzip} |`),
    `| **total** | **${report.dist.total.raw}** | **${report.dist.total.gzip}** |`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

await main();
