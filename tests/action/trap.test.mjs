// The internal-error fallback with a real WebAssembly trap: the bundled
// action, told by its test seam (CHANGED_BACKENDS_TEST_TRAP) to trap right
// before its final decide, must still succeed with the full matrices, rendered
// by a fresh instance, and must not enter the trapped instance again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeGitHub } from '../support/fake-github.mjs';
import { runAction } from '../support/run-action.mjs';
import { localaiRepo, pushEvent, OWNER, NAME } from '../support/localai.mjs';
import { localaiMatrix, fullRunOutputs } from '../support/localai-expect.mjs';

let repo, gh, base, head;

before(async () => {
  repo = localaiRepo();
  base = repo.commit('vllm', { 'backend/python/vllm/backend.py': 'v1\n' });
  head = repo.commit('edit vllm', { 'backend/python/vllm/backend.py': 'v2\n' });
  gh = await startFakeGitHub({ repo, owner: OWNER, name: NAME });
});

after(async () => {
  await gh.close();
  repo.remove();
});

const push = (env = {}) => runAction({
  workspace: repo.dir, apiUrl: gh.url, repository: `${OWNER}/${NAME}`,
  eventName: 'push', event: pushEvent({ before: base, after: head }), env,
});

test('without the seam the same push is filtered', async () => {
  const r = await push();
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(r.outputs.get('reason'), 'filtered');
  assert.equal(r.outputs.get('run-all'), 'false');
});

test('a real trap before decide: exit 0, internal-error, full matrices, a warning', async () => {
  const r = await push({ CHANGED_BACKENDS_TEST_TRAP: '1' });
  assert.equal(r.code, 0, r.stdout + r.stderr);

  // Every output of a full run, reason internal-error.
  const expected = fullRunOutputs(localaiMatrix(), 'internal-error');
  assert.deepEqual([...r.outputs.keys()].sort(), [...expected.keys()].sort());
  for (const [n, v] of expected) assert.equal(r.outputs.get(n), v, `output ${n}`);

  // The warning names the core's failure (a trap: "unreachable").
  const warnings = r.stdout.split('\n').filter((l) => l.startsWith('::warning::'));
  assert.ok(warnings.some((l) => /the changed-backends core failed: .*unreachable.*running every matrix entry instead/.test(l)), r.stdout);

  // Nothing entered the instance after the trap: a call would have thrown
  // the poisoned CoreFailure out of the fallback path and failed the step.
  // The summary and log come from the fallback result.
  assert.doesNotMatch(r.stdout, /^::error/m);
  assert.doesNotMatch(r.stdout, /unexpected error/);
  assert.match(r.stdout, /decision: "run-all", reason: "internal-error"/);
  assert.match(r.summary, /changed-backends: run-all/);
  assert.match(r.summary, /internal-error/);
  assert.match(r.summary, /multiarch — 145 entries/);
});
