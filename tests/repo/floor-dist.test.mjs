// The benchmark's "core replayed" copy of dist/ (js/scripts/floor-dist.mjs):
// it must still patch today's bundle, give the real action's outputs when it
// records, and, when it replays, return what it recorded without asking the
// core — or `npm run bench --floor` would measure something else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeFloorDist } from '../../js/scripts/floor-dist.mjs';
import { ENTRY, ROOT, runAction } from '../support/run-action.mjs';

const MATRIX = readFileSync(join(ROOT, 'tests/fixtures/localai/backend-matrix.yml'), 'utf8');
const CONFIG = readFileSync(join(ROOT, 'examples/localai/changed-backends.yml'), 'utf8');

function workspace(matrix) {
  const ws = mkdtempSync(join(tmpdir(), 'cb-floor-ws-'));
  mkdirSync(join(ws, '.github'));
  writeFileSync(join(ws, '.github/backend-matrix.yml'), matrix);
  writeFileSync(join(ws, '.github/changed-backends.yml'), CONFIG);
  return ws;
}

test('the floor copy records the real outputs and replays them without the core', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cb-floor-'));
  const whole = workspace(MATRIX);
  // The same matrix with its first entry gone: the core would select one entry fewer.
  const first = MATRIX.indexOf('\n  - ');
  const second = MATRIX.indexOf('\n  - ', first + 1);
  const shorter = workspace(MATRIX.slice(0, first) + MATRIX.slice(second));
  t.after(() => [dir, whole, shorter].forEach((d) => rmSync(d, { recursive: true, force: true })));

  const entry = join(makeFloorDist(join(ROOT, 'dist'), join(dir, 'dist')), 'index.js');
  const file = join(dir, 'schedule.bin');
  const run = (ws, env, which = entry) =>
    runAction({ workspace: ws, eventName: 'schedule', event: { schedule: '0 2 * * *' }, env, entry: which });

  const real = await run(whole, {}, ENTRY);
  const realShorter = await run(shorter, {}, ENTRY);
  assert.equal(real.code, 0, real.stderr);
  assert.equal(real.outputs.get('reason'), 'schedule');
  assert.notDeepEqual(realShorter.outputs, real.outputs, 'the two matrices must select differently');

  const recorded = await run(whole, { CB_BENCH_FLOOR_MODE: 'record', CB_BENCH_FLOOR_FILE: file });
  assert.equal(recorded.code, 0, recorded.stderr);
  assert.deepEqual(recorded.outputs, real.outputs);

  // Replayed on the shorter matrix: the recorded outputs, not the core's answer for it.
  const replayed = await run(shorter, { CB_BENCH_FLOOR_MODE: 'replay', CB_BENCH_FLOOR_FILE: file });
  assert.equal(replayed.code, 0, replayed.stderr);
  assert.deepEqual(replayed.outputs, real.outputs);
});

test('the floor copy refuses a bundle it cannot patch', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cb-floor-bad-'));
  try {
    const dist = join(dir, 'dist');
    mkdirSync(dist);
    writeFileSync(join(dist, 'index.js'), '// a bundle without the core object\n');
    assert.throws(() => makeFloorDist(dist, join(dir, 'copy')), /expected one .* found 0/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
