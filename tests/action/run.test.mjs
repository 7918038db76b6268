// The flow's failure policy, with a stand-in core: a trap once the matrix was
// read writes the run-all fallback, rendered by a fresh instance and only
// then; authoring errors fail the step.
import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../js/action/run.js';
import { parseOutputFile } from '../support/outputs.mjs';

let dir, saved, logged;
const origWrite = process.stdout.write.bind(process.stdout);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cb-flow-'));
  mkdirSync(join(dir, '.github'));
  writeFileSync(join(dir, '.github/changed-backends.yml'), 'matrix: {file: m.yml}\n');
  writeFileSync(join(dir, 'm.yml'), 'include: []\n');
  writeFileSync(join(dir, 'out'), '');
  saved = { ...process.env };
  Object.assign(process.env, { GITHUB_WORKSPACE: dir, GITHUB_OUTPUT: join(dir, 'out'), GITHUB_EVENT_NAME: 'schedule', GITHUB_EVENT_PATH: '', INPUT_CONFIG: '.github/changed-backends.yml' });
  delete process.env.GITHUB_STEP_SUMMARY;
  logged = '';
  process.stdout.write = (chunk) => ((logged += chunk), true);
});

afterEach(() => {
  process.stdout.write = origWrite;
  process.env = saved;
  process.exitCode = 0;
  rmSync(dir, { recursive: true, force: true });
});

const fallbackResult = { errors: [], decision: 'run-all', reason: 'internal-error', reasonDetail: 'internal error', outputs: [['run-all', 'true']], partitions: [], changedFiles: 0, warnings: [], summary: '' };

function trapError() {
  const e = new Error('unreachable');
  e.name = 'CoreFailure';
  return e;
}

test('a trap after the matrix was read writes the fallback from a fresh instance', async () => {
  let trapped = false;
  let calls = 0;
  const fake = {
    plan: (input) => {
      assert.ok(!trapped, 'the failed instance is not entered again');
      if (input.responses.length === 0) return { requests: [{ id: 'm', kind: 'read', path: 'm.yml' }], errors: [] };
      trapped = true;
      throw trapError();
    },
    decide: () => assert.fail('the failed instance renders nothing'),
  };
  const fresh = {
    decide: (input) => {
      calls++;
      assert.equal(input.fallbackReason, 'internal-error');
      assert.equal(input.responses[0].data.text, 'include: []\n');
      return fallbackResult;
    },
  };
  await run({ core: fake, freshCore: async () => fresh, api: () => assert.fail('no API needed') });
  assert.equal(calls, 1);
  assert.equal(parseOutputFile(readFileSync(join(dir, 'out'), 'utf8')).get('run-all'), 'true');
  assert.match(logged, /::warning::the changed-backends core failed|::warning::.*running every matrix entry/);
  assert.notEqual(process.exitCode, 1);
});

test('a run that does not fail never renders the fallback', async () => {
  const decided = [];
  const fake = {
    plan: (input) => ({ requests: input.responses.length === 0 ? [{ id: 'm', kind: 'read', path: 'm.yml' }] : [], errors: [] }),
    decide: (input) => (decided.push(input.fallbackReason), { ...fallbackResult, reason: 'schedule', outputs: [['reason', 'schedule']] }),
  };
  await run({ core: fake, freshCore: () => assert.fail('no fresh instance without a failure'), api: () => assert.fail('no API needed') });
  assert.deepEqual(decided, [undefined]);
  assert.equal(parseOutputFile(readFileSync(join(dir, 'out'), 'utf8')).get('reason'), 'schedule');
  assert.notEqual(process.exitCode, 1);
});

test('a trap before the matrix was read fails the step: no fallback is possible', async () => {
  const fake = { plan: () => { throw trapError(); }, decide: () => assert.fail('not reached') };
  await run({ core: fake, freshCore: () => assert.fail('nothing to render'), api: () => assert.fail('no API needed') });
  assert.equal(process.exitCode, 1);
  assert.match(logged, /no fallback result was available/);
});

test('a fallback instance that fails too fails the step', async () => {
  const fake = {
    plan: (input) => {
      if (input.responses.length === 0) return { requests: [{ id: 'm', kind: 'read', path: 'm.yml' }], errors: [] };
      throw trapError();
    },
    decide: () => assert.fail('not reached'),
  };
  const fresh = { decide: () => { throw trapError(); } };
  await run({ core: fake, freshCore: async () => fresh, api: () => assert.fail('no API needed') });
  assert.equal(process.exitCode, 1);
  assert.match(logged, /no fallback result was available/);
});

test('authoring errors are printed as file:line:col and fail the step', async () => {
  const errors = [{ file: '.github/changed-backends.yml', line: 3, column: 5, message: 'unknown key "x"', hint: 'did you mean "matrix"?' }];
  // Like the real core, decide reports the same problems plan stopped on.
  const fake = {
    plan: () => ({ requests: [], errors }),
    decide: () => ({ ...fallbackResult, errors, decision: 'error', reason: '', outputs: [] }),
  };
  await run({ core: fake, api: () => assert.fail('no API needed') });
  assert.equal(process.exitCode, 1);
  assert.match(logged, /::error title=changed-backends,file=\.github\/changed-backends\.yml,line=3,col=5::\.github\/changed-backends\.yml:3:5: unknown key "x" \(did you mean "matrix"\?\)/);
});

test('a missing config fails the step', async () => {
  rmSync(join(dir, '.github/changed-backends.yml'));
  await run({ core: { plan: () => assert.fail(), decide: () => assert.fail() }, api: () => assert.fail() });
  assert.equal(process.exitCode, 1);
});
