// The one plan/answer driver (js/lib/loop.js) on the real core: a real
// WebAssembly trap becomes a CoreFailure, the trapped instance is never
// entered again, and the fallback hook renders run-all from a fresh instance
// with the workspace reads only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CoreFailure, RequestError, drive, driveSync, serve } from '../../js/lib/loop.js';
import { ROOT } from './build.mjs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const GLUE = pathToFileURL(join(ROOT, 'build', 'wasm', 'node', 'changed_backends.js')).href;
/** A separate instance of the core: its own copy of the glue module, its own memory. */
const instance = (name) => import(`${GLUE}?${name}`);

const CONFIG = { path: '.github/changed-backends.yml', text: 'matrix: { file: m.yml }\nsources:\n  - paths: ["svc/{name}/**"]\n' };
const MATRIX = 'include:\n  - { name: a }\n  - { name: b }\n';
const PUSH = {
  name: 'push',
  payload: JSON.stringify({
    ref: 'refs/heads/main', before: '1'.repeat(40), after: '2'.repeat(40), created: false, deleted: false, forced: false,
    repository: { full_name: 'o/r', name: 'r', owner: { login: 'o' } },
  }),
};

/** Answers the matrix read from memory and the compare with one changed file. */
function answerer(asked) {
  return async (request) => {
    asked.push(request.kind);
    if (request.kind === 'read') return { text: MATRIX };
    if (request.kind === 'compare') return { status: 'ahead', totalCommits: 1, files: [{ filename: 'svc/a/x.go', status: 'modified' }] };
    throw new RequestError('not-found', `no ${request.kind} here`);
  };
}

test('the driver answers every round and decides: a push selects the changed entry', async () => {
  const glue = await instance('plain');
  const asked = [];
  const result = await drive(glue, { config: CONFIG, event: PUSH }, answerer(asked));
  assert.deepEqual(result.errors, []);
  assert.equal(result.reason, 'filtered');
  assert.deepEqual(asked, ['read', 'compare']);
  assert.equal(new Map(result.outputs).get('matrix'), '{"include":[{"name":"a"}]}');
});

test('a real trap: CoreFailure, the fallback from a fresh instance, and the trapped core is not entered again', async () => {
  const glue = await instance('trapping');
  let entered = 0;
  const core = {
    plan: (input) => (entered++, glue.plan(input)),
    decide: () => (entered++, glue.testTrap()),
  };
  const fallbackInputs = [];
  const told = [];
  const result = await drive(core, { config: CONFIG, event: PUSH }, answerer([]), {
    freshCore: async () => {
      const fresh = await instance('fresh');
      return { decide: (input) => (fallbackInputs.push(input), fresh.decide(input)) };
    },
    onFallback: (failure) => told.push(failure),
  });
  assert.equal(result.reason, 'internal-error');
  assert.equal(new Map(result.outputs).get('run-all'), 'true');
  assert.equal(new Map(result.outputs).get('matrix'), '{"include":[{"name":"a"},{"name":"b"}]}');
  assert.equal(told.length, 1);
  assert.ok(told[0] instanceof CoreFailure);
  assert.ok(told[0].cause instanceof WebAssembly.RuntimeError, String(told[0].cause));
  // The fallback saw the matrix read and nothing the API answered.
  assert.deepEqual(fallbackInputs.map((i) => i.responses.map((r) => r.data.text)), [[MATRIX]]);

  const before = entered;
  await assert.rejects(drive(core, { config: CONFIG, event: PUSH }, answerer([])), (err) => err === told[0]);
  assert.throws(() => driveSync(core, { config: CONFIG, changes: { files: [] } }, () => ({ text: MATRIX })), CoreFailure);
  assert.equal(entered, before, 'the trapped core was entered again');
});

test('a failure before the first round is answered has no fallback: the CoreFailure is thrown', async () => {
  const core = { plan: () => { throw new Error('broken'); }, decide: () => assert.fail('not reached') };
  await assert.rejects(
    drive(core, { config: CONFIG }, answerer([]), { freshCore: () => assert.fail('nothing to render') }),
    (err) => err instanceof CoreFailure && /the changed-backends core failed: broken/.test(err.message),
  );
});

test('serve: data, a RequestError with its kind and status, anything else as io', async () => {
  assert.deepEqual(await serve(() => ({ text: 'x' }), { id: '1' }), { id: '1', ok: true, data: { text: 'x' } });
  assert.deepEqual(await serve(() => { throw new RequestError('http', 'HTTP 403: no', 403); }, { id: '2' }),
    { id: '2', ok: false, error: { kind: 'http', message: 'HTTP 403: no', status: 403 } });
  assert.deepEqual(await serve(async () => { throw new Error('disk'); }, { id: '3' }),
    { id: '3', ok: false, error: { kind: 'io', message: 'disk' } });
});
