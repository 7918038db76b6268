// End-to-end: `baseline: last-success` through `node dist/index.js`, against
// the fake API's Actions runs endpoints, on real git repositories.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeGitHub } from '../support/fake-github.mjs';
import { runAction, commandLines } from '../support/run-action.mjs';
import { localaiRepo, pushEvent, OWNER, NAME } from '../support/localai.mjs';
import { createApi } from '../../js/action/api.js';
import { serve } from '../../js/lib/loop.js';

const VLLM = 'backend/python/vllm/backend.py';
const WHISPER = 'backend/go/whisper/main.go';
const WORKFLOW_REF = `${OWNER}/${NAME}/.github/workflows/build.yml@refs/heads/main`;

let repo, gh, c1, c2, c3, rewritten;

before(async () => {
  repo = localaiRepo();
  const c0 = repo.head();
  repo.checkout('rewritten', true);
  rewritten = repo.commit('a commit later dropped from main', { [WHISPER]: 'package old\n' });
  repo.checkout('main');
  c1 = repo.commit('backends', { [VLLM]: 'v1\n', [WHISPER]: 'package main\n' });
  c2 = repo.commit('edit whisper (its run failed)', { [WHISPER]: 'package main // 2\n' });
  c3 = repo.commit('edit vllm', { [VLLM]: 'v2\n' });
  assert.notEqual(c0, c1);
  gh = await startFakeGitHub({ repo, owner: OWNER, name: NAME });
});

afterEach(() => {
  gh.clearFaults();
  gh.setRuns([]);
});

after(async () => {
  await gh.close();
  repo.remove();
});

/** The runs of the story: success at c1, failure at c2, this run in progress at c3. */
const story = () => [
  { id: 1, head_sha: c1, conclusion: 'success' },
  { id: 2, head_sha: c2, conclusion: 'failure' },
  { id: 3, head_sha: c3, status: 'in_progress', conclusion: null },
];

const push = ({ baseline, from = c2, env = {}, at = gh, workspace = repo.dir } = {}) => runAction({
  workspace,
  apiUrl: at.url,
  repository: `${OWNER}/${NAME}`,
  eventName: 'push',
  event: pushEvent({ ref: 'refs/heads/main', before: from, after: c3 }),
  inputs: baseline ? { baseline } : {},
  env: { GITHUB_RUN_ID: '3', GITHUB_WORKFLOW_REF: WORKFLOW_REF, ...env },
});

const selected = (r) => JSON.parse(r.outputs.get('names'));

function assertFiltered(r) {
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(r.outputs.get('reason'), 'filtered', r.stdout);
  assert.equal(r.outputs.get('run-all'), 'false');
}

function assertRunAll(r, reason) {
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(r.outputs.get('reason'), reason, r.stdout);
  assert.equal(r.outputs.get('run-all'), 'true');
  assert.equal(r.outputs.get('base-sha'), '');
}

test('after a failed run, the next push selects what a push from the last success selects', async () => {
  gh.setRuns(story());
  const asked = gh.requests.length;
  const withBaseline = await push({ baseline: 'last-success' });
  assertFiltered(withBaseline);
  const list = gh.requests.slice(asked).find((q) => q.path.endsWith('/actions/workflows/build.yml/runs'));
  assert.ok(list, 'the runs of this workflow were listed');
  assert.equal(list.query.branch, 'main');
  assert.equal(list.query.event, 'push');
  assert.equal(list.query.status, 'success');
  assert.ok(gh.requests.slice(asked).some((q) => q.path.endsWith(`/compare/${c1}...${c3}`)));
  assert.equal(withBaseline.outputs.get('base-sha'), c1);

  const fromSuccess = await push({ from: c1 });
  assertFiltered(fromSuccess);
  const ownChanges = await push({});
  assertFiltered(ownChanges);
  assert.deepEqual(selected(withBaseline), selected(fromSuccess));
  for (const [n, v] of fromSuccess.outputs) {
    if (n !== 'base-sha') assert.equal(withBaseline.outputs.get(n), v, `output ${n}`);
  }
  assert.deepEqual(selected(ownChanges), ['vllm']);
  assert.deepEqual([...selected(withBaseline)].sort(), ['vllm', 'whisper']);
  assert.equal(ownChanges.outputs.get('base-sha'), c2);

  assert.match(withBaseline.summary, /\*\*Baseline:\*\* the last successful \[run #1\]\(https:\/\/github\.com\/mudler\/LocalAI\/actions\/runs\/1\)/);
  assert.ok(withBaseline.summary.includes(`\`${c1.slice(0, 7)}\`, 2 commits behind this push`), withBaseline.summary);
  assert.deepEqual(commandLines(withBaseline.stdout).filter((l) => l.startsWith('::warning')), []);
});

test('without GITHUB_WORKFLOW_REF the workflow is learnt from the current run', async () => {
  gh.setRuns(story());
  const asked = gh.requests.length;
  const r = await push({ baseline: 'last-success', env: { GITHUB_WORKFLOW_REF: undefined } });
  assertFiltered(r);
  const mine = gh.requests.slice(asked).map((q) => q.path);
  assert.ok(mine.some((p) => p.endsWith('/actions/runs/3')), mine.join('\n'));
  assert.ok(mine.some((p) => p.endsWith('/actions/workflows/161335/runs')), mine.join('\n'));
  assert.equal(r.outputs.get('base-sha'), c1);
});

test('the current run and runs of this commit are never the baseline', async () => {
  // A re-run of this commit that succeeded, and the current run listed as a success.
  gh.setRuns([...story(), { id: 4, head_sha: c3, conclusion: 'success' }, { id: 7, head_sha: c2, conclusion: 'success' }]);
  const r = await push({ baseline: 'last-success', env: { GITHUB_RUN_ID: '7' } });
  assertFiltered(r);
  assert.equal(r.outputs.get('base-sha'), c1);
  assert.deepEqual([...selected(r)].sort(), ['vllm', 'whisper']);
  // The same listing seen from another run: run 7 (at c2) is then a usable baseline.
  const other = await push({ baseline: 'last-success', env: { GITHUB_RUN_ID: '8' } });
  assert.equal(other.outputs.get('base-sha'), c2);
});

test('no successful run on the branch runs everything with reason no-baseline', async () => {
  gh.setRuns([
    { id: 1, head_sha: c1, conclusion: 'success', head_branch: 'feature' },
    { id: 2, head_sha: c1, conclusion: 'success', event: 'pull_request' },
    { id: 3, head_sha: c2, conclusion: 'cancelled' },
  ]);
  const r = await push({ baseline: 'last-success' });
  assertRunAll(r, 'no-baseline');
  assert.equal(r.outputs.get('vllm'), 'true');
  assert.equal(r.outputs.get('whisper'), 'true');
});

test('a 403 from the runs API is api-error with a warning naming actions: read', async () => {
  gh.setRuns(story());
  gh.fault(/\/actions\//, { status: 403, body: { message: 'Resource not accessible by integration' } });
  const r = await push({ baseline: 'last-success' });
  assertRunAll(r, 'api-error');
  const warnings = commandLines(r.stdout).filter((l) => l.startsWith('::warning'));
  assert.ok(warnings.some((w) => w.includes('actions: read') && w.includes('403')), warnings.join('\n'));
});

test('a runs answer of the wrong shape is api-error', async () => {
  gh.fault(/\/actions\/workflows\//, { status: 200, body: { total_count: 1, workflow_runs: [{ id: 1, run_number: 1, head_sha: 'c1', conclusion: 'success' }] } });
  assertRunAll(await push({ baseline: 'last-success' }), 'api-error');
  gh.clearFaults();
  gh.fault(/\/actions\/workflows\//, { status: 200, body: { total_count: 0 } });
  assertRunAll(await push({ baseline: 'last-success' }), 'api-error');
});

test('a baseline that is not an ancestor (history rewritten) is compared both ways', async () => {
  gh.setRuns([{ id: 1, head_sha: rewritten, conclusion: 'success' }, { id: 3, head_sha: c3, status: 'in_progress', conclusion: null }]);
  const asked = gh.requests.length;
  const r = await push({ baseline: 'last-success' });
  assertFiltered(r);
  assert.match(r.stdout, /is not an ancestor of the push \(history was rewritten\); compared both directions/);
  const paths = gh.requests.slice(asked).map((q) => q.path);
  assert.ok(paths.some((p) => p.endsWith(`/compare/${rewritten}...${c3}`)));
  assert.ok(paths.some((p) => p.endsWith(`/compare/${c3}...${rewritten}`)));
  assert.equal(r.outputs.get('base-sha'), rewritten);
  assert.deepEqual([...selected(r)].sort(), ['vllm', 'whisper']);
});

test('a baseline more than max-commits behind, with a capped compare, is truncated', async () => {
  const big = localaiRepo();
  const config = '.github/changed-backends.yml';
  const start = big.commit('limits', { [config]: `${readFileSync(join(big.dir, config), 'utf8')}\nlimits: { max-commits: 2 }\n`, [VLLM]: 'v1\n' });
  const docs = {};
  for (let i = 0; i < 300; i++) docs[`docs/p${i}.md`] = `${i}\n`;
  big.commit('300 files', docs);
  const prev = big.commit('edit vllm', { [VLLM]: 'v2\n' });
  const head = big.commit('edit vllm again', { [VLLM]: 'v3\n' });
  const server = await startFakeGitHub({ repo: big, owner: OWNER, name: NAME });
  try {
    server.setRuns([{ id: 1, head_sha: start, conclusion: 'success' }, { id: 2, head_sha: prev, conclusion: 'failure' }]);
    const r = await runAction({
      workspace: big.dir, apiUrl: server.url, repository: `${OWNER}/${NAME}`, eventName: 'push',
      event: pushEvent({ ref: 'refs/heads/main', before: prev, after: head }),
      inputs: { baseline: 'last-success' },
      env: { GITHUB_RUN_ID: '3', GITHUB_WORKFLOW_REF: WORKFLOW_REF },
    });
    assertRunAll(r, 'truncated');
    // The push's own range is one commit: it stays filtered.
    const own = await runAction({
      workspace: big.dir, apiUrl: server.url, repository: `${OWNER}/${NAME}`, eventName: 'push',
      event: pushEvent({ ref: 'refs/heads/main', before: prev, after: head }),
    });
    assert.equal(own.outputs.get('reason'), 'filtered', own.stdout);
  } finally {
    await server.close();
    big.remove();
  }
});

test('tags and first pushes keep their decisions and list no runs', async () => {
  gh.setRuns(story());
  const asked = gh.requests.length;
  const tag = await runAction({
    workspace: repo.dir, apiUrl: gh.url, repository: `${OWNER}/${NAME}`, eventName: 'push',
    event: pushEvent({ ref: 'refs/tags/v1', before: '0'.repeat(40), after: c3, created: true }),
    inputs: { baseline: 'last-success' }, env: { GITHUB_RUN_ID: '3', GITHUB_WORKFLOW_REF: WORKFLOW_REF },
  });
  assertRunAll(tag, 'tag');
  const first = await runAction({
    workspace: repo.dir, apiUrl: gh.url, repository: `${OWNER}/${NAME}`, eventName: 'push',
    event: pushEvent({ ref: 'refs/heads/new', before: '0'.repeat(40), after: c3, created: true }),
    inputs: { baseline: 'last-success' }, env: { GITHUB_RUN_ID: '3', GITHUB_WORKFLOW_REF: WORKFLOW_REF },
  });
  assertRunAll(first, 'first-push');
  assert.equal(gh.requests.slice(asked).filter((q) => q.path.includes('/actions/')).length, 0);
});

test('an unknown baseline value fails the step', async () => {
  const r = await push({ baseline: 'yesterday' });
  assert.equal(r.code, 1);
  assert.match(r.stdout, /input baseline must be event or last-success/);
});

test('the shim lists successful push runs of the branch and passes on the fields the core reads', async () => {
  gh.setRuns([...story(), { id: 5, head_sha: c1, conclusion: 'success', head_branch: 'feature' }]);
  process.env.GITHUB_API_URL = gh.url;
  try {
    const api = createApi({ token: 't', requestTimeoutMs: 1000, maxWaitMs: 5000 });
    const r = await serve(api.answer, { id: 'w', kind: 'workflow-runs', owner: OWNER, repo: NAME, workflow: 'build.yml', branch: 'main', perPage: 100 });
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.data.total_count, 1);
    assert.deepEqual(r.data.workflow_runs, [{
      id: 1, head_sha: c1, head_branch: 'main', event: 'push', status: 'completed', conclusion: 'success',
      run_number: 1, workflow_id: 161335, html_url: `https://github.com/${OWNER}/${NAME}/actions/runs/1`,
      created_at: '2026-01-01T00:00:01.000Z',
    }]);
    const one = await serve(api.answer, { id: 'r', kind: 'workflow-run', owner: OWNER, repo: NAME, runId: 3 });
    assert.deepEqual(one.data, { workflow_id: 161335, path: '.github/workflows/build.yml' });
    const missing = await serve(api.answer, { id: 'm', kind: 'workflow-runs', owner: OWNER, repo: NAME, workflow: 'nope.yml', branch: 'main', perPage: 100 });
    assert.equal(missing.ok, false);
    assert.equal(missing.error.status, 404);
  } finally {
    delete process.env.GITHUB_API_URL;
  }
});
