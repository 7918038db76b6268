// End-to-end: `node dist/index.js` against a fake GitHub API answering from a
// real git repository, for every event kind and the API's failure modes.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeGitHub } from '../support/fake-github.mjs';
import { runAction, commandLines } from '../support/run-action.mjs';
import { localaiRepo, pushEvent, pullEvent, mergeGroupEvent, dispatchEvent, OWNER, NAME, ZERO } from '../support/localai.mjs';

let repo, gh, base, head, renamed, many300, manyPr, injected;
const pulls = {};

before(async () => {
  repo = localaiRepo();
  base = repo.commit('python backend', { 'backend/python/vllm/backend.py': 'v1\n', 'backend/go/whisper/main.go': 'package main\n' });
  repo.checkout('feature', true);
  head = repo.commit('edit vllm', { 'backend/python/vllm/backend.py': 'v2\n' });
  pulls[1] = { base, head };
  repo.checkout('main');
  repo.checkout('rename', true);
  renamed = repo.rename('backend/go/whisper/main.go', 'backend/python/vllm/main.go');
  pulls[2] = { base, head: renamed };
  repo.checkout('main');
  repo.checkout('many300', true);
  const files = {};
  for (let i = 0; i < 299; i++) files[`docs/p${i}.md`] = `${i}\n`;
  repo.commit('300 files (1/2)', files);
  many300 = repo.commit('300 files (2/2)', { 'backend/python/vllm/backend.py': 'v3\n' });
  repo.checkout('main');
  repo.checkout('manypr', true);
  const big = {};
  for (let i = 0; i < 3001; i++) big[`docs/q${i}.md`] = `${i}\n`;
  manyPr = repo.commit('3001 files', big);
  pulls[3] = { base, head: manyPr };
  repo.checkout('main');
  repo.checkout('inject', true);
  injected = repo.commit('hostile names', { 'a\nrun-all=false': 'x\n', '\n::add-mask::backend': 'y\n', 'backend/python/vllm/backend.py': 'v4\n' });
  pulls[4] = { base, head: injected };
  repo.checkout('main');
  gh = await startFakeGitHub({ repo, owner: OWNER, name: NAME, pulls });
});

afterEach(() => gh.clearFaults());

after(async () => {
  await gh.close();
  repo.remove();
});

const run = (opts) => runAction({ workspace: repo.dir, apiUrl: gh.url, repository: `${OWNER}/${NAME}`, ...opts });

function assertRunAll(r, reason) {
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(r.outputs.get('run-all'), 'true');
  assert.equal(r.outputs.get('reason'), reason);
  assert.equal(r.outputs.get('vllm'), 'true');
}

function assertFiltered(r, selected = ['vllm'], notSelected = ['whisper']) {
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(r.outputs.get('run-all'), 'false', r.stdout);
  assert.equal(r.outputs.get('reason'), 'filtered');
  for (const n of selected) assert.equal(r.outputs.get(n), 'true', n);
  for (const n of notSelected) assert.equal(r.outputs.get(n), 'false', n);
}

test('schedule runs everything without calling the API', async () => {
  const before = gh.requests.length;
  const r = await run({ eventName: 'schedule', event: { schedule: '0 0 * * *' } });
  assertRunAll(r, 'schedule');
  assert.equal(gh.requests.length, before);
});

test('workflow_dispatch runs everything', async () => {
  assertRunAll(await run({ eventName: 'workflow_dispatch', event: dispatchEvent() }), 'workflow-dispatch');
});

test('a tag push runs everything', async () => {
  assertRunAll(await run({ eventName: 'push', event: pushEvent({ ref: 'refs/tags/v1.0.0', before: ZERO, after: head, created: true }) }), 'tag');
});

test('force-all runs everything', async () => {
  assertRunAll(await run({ eventName: 'push', event: pushEvent({ before: base, after: head }), inputs: { 'force-all': 'true' } }), 'force-all');
});

test('an unknown event runs everything', async () => {
  assertRunAll(await run({ eventName: 'issues', event: { action: 'opened' } }), 'unknown-event');
});

test('push: compare selects the changed backend only', async () => {
  assertFiltered(await run({ eventName: 'push', event: pushEvent({ before: base, after: head }) }));
});

test('pull_request and pull_request_target list the PR files', async () => {
  for (const eventName of ['pull_request', 'pull_request_target']) {
    assertFiltered(await run({ eventName, event: pullEvent({ number: 1, base, head }) }));
  }
});

test('merge_group compares base and head', async () => {
  assertFiltered(await run({ eventName: 'merge_group', event: mergeGroupEvent({ base, head }) }));
});

test('a rename across two entries selects both', async () => {
  assertFiltered(await run({ eventName: 'pull_request', event: pullEvent({ number: 2, base, head: renamed }) }), ['vllm', 'whisper'], []);
});

test('500 then 200: the retry succeeds', async () => {
  gh.fault(/\/compare\//, { status: 500 }, 1);
  assertFiltered(await run({ eventName: 'push', event: pushEvent({ before: base, after: head }) }));
});

test('500 forever: everything runs, the step succeeds, time stays bounded', async () => {
  gh.fault(/\/pulls\/1\/files$/, { status: 500 }, 1000);
  const r = await run({ eventName: 'pull_request', event: pullEvent({ number: 1, base, head }), inputs: { 'max-wait-seconds': '4', 'request-timeout-seconds': '1' } });
  assertRunAll(r, 'api-error');
  assert.ok(r.ms < 8000, `${r.ms} ms`);
});

test('403 with retry-after beyond the budget: everything runs', async () => {
  gh.fault(/\/pulls\/1\/files$/, { status: 403, headers: { 'retry-after': '300' }, body: { message: 'You have exceeded a secondary rate limit.' } }, 1000);
  const r = await run({ eventName: 'pull_request', event: pullEvent({ number: 1, base, head }), inputs: { 'max-wait-seconds': '4' } });
  assertRunAll(r, 'api-error');
  assert.ok(r.ms < 8000, `${r.ms} ms`);
});

test('403 without permission: the warning names pull-requests: read', async () => {
  const fresh = await startFakeGitHub({ repo, owner: OWNER, name: NAME, pulls });
  fresh.fault(/\/pulls\/1\/files$/, { status: 403, body: { message: 'Resource not accessible by integration' } });
  try {
    const r = await runAction({ workspace: repo.dir, apiUrl: fresh.url, eventName: 'pull_request', event: pullEvent({ number: 1, base, head }) });
    assertRunAll(r, 'api-error');
    assert.match(r.stdout, /::warning::.*pull-requests: read/);
  } finally {
    await fresh.close();
  }
});

test('404 on compare (force push to an unknown base): everything runs', async () => {
  assertRunAll(await run({ eventName: 'push', event: pushEvent({ before: 'f'.repeat(40), after: head, forced: true }) }), 'api-error');
});

test('a force push selects what the new head changed', async () => {
  // main's tip is not an ancestor of `rename`: the compare is diverged.
  const r = await run({ eventName: 'push', event: pushEvent({ before: head, after: renamed, forced: true }) });
  assert.equal(r.code, 0);
  assert.equal(r.outputs.get('whisper'), 'true');
});

test('a server that never answers is bounded by the timeouts', async () => {
  const fresh = await startFakeGitHub({ repo, owner: OWNER, name: NAME, pulls });
  fresh.fault(/./, 'hang');
  try {
    const r = await runAction({ workspace: repo.dir, apiUrl: fresh.url, eventName: 'push', event: pushEvent({ before: base, after: head }), inputs: { 'request-timeout-seconds': '1', 'max-wait-seconds': '3' } });
    assertRunAll(r, 'api-error');
    assert.ok(r.ms < 7000, `${r.ms} ms`);
  } finally {
    await fresh.close();
  }
});

test('malformed JSON: everything runs', async () => {
  gh.fault(/\/compare\//, 'malformed', 5);
  assertRunAll(await run({ eventName: 'push', event: pushEvent({ before: base, after: head }) }), 'api-error');
});

test('exactly 300 compare files: the files are listed per commit', async () => {
  const r = await run({ eventName: 'push', event: pushEvent({ before: base, after: many300 }) });
  assertFiltered(r);
  assert.ok(gh.count(/\/commits\/[0-9a-f]{40}$/) >= 2, 'per-commit listing used');
});

test('3,000 PR files: everything runs (truncated)', async () => {
  assertRunAll(await run({ eventName: 'pull_request', event: pullEvent({ number: 3, base, head: manyPr }) }), 'truncated');
});

test('first push of a branch', async () => {
  assertRunAll(await run({ eventName: 'push', event: pushEvent({ before: ZERO, after: head, created: true }) }), 'first-push');
});

test('branch deletion', async () => {
  const r = await run({ eventName: 'push', event: pushEvent({ before: head, after: ZERO, deleted: true }) });
  assert.equal(r.code, 0);
  assert.equal(r.outputs.get('reason'), 'branch-deleted');
});

test('GHES: the API under /api/v3', async () => {
  const ghes = await startFakeGitHub({ repo, owner: OWNER, name: NAME, pulls, prefix: '/api/v3' });
  try {
    assertFiltered(await runAction({ workspace: repo.dir, apiUrl: ghes.url, eventName: 'push', event: pushEvent({ before: base, after: head }) }));
  } finally {
    await ghes.close();
  }
});

test('hostile file names cannot inject outputs or workflow commands', async () => {
  const r = await run({ eventName: 'pull_request', event: pullEvent({ number: 4, base, head: injected }) });
  assertFiltered(r); // parseOutputFile throws if any name is set twice
  for (const line of commandLines(r.stdout)) {
    assert.match(line, /^::(warning|error|debug|notice|group|endgroup)/, `unexpected command line ${JSON.stringify(line)}`);
    assert.doesNotMatch(line, /add-mask/);
  }
});

test('lone UTF-16 surrogates and NUL in the API JSON: the file still counts, outputs stay intact', async () => {
  // JSON escapes that JSON.parse accepts but no well-formed string holds.
  const raw = '{"status":"ahead","ahead_by":1,"behind_by":0,"total_commits":1,"commits":[],' +
    '"files":[{"filename":"backend/python/vllm/\\ud800x\\u0000.py","status":"added"},{"filename":"\\udfff\\n::add-mask::x","status":"added"}]}';
  gh.fault(/\/compare\//, { status: 200, raw }, 5);
  const r = await run({ eventName: 'push', event: pushEvent({ before: base, after: head }) });
  assertFiltered(r);
  for (const line of commandLines(r.stdout)) assert.doesNotMatch(line, /add-mask/);
});

test('a config error fails the step with file:line:col', async () => {
  const ws = localaiRepo();
  try {
    writeFileSync(join(ws.dir, '.github/changed-backends.yml'), 'matrix:\n  file: .github/backend-matrix.yml\nbogus: [\n');
    const r = await runAction({ workspace: ws.dir, apiUrl: gh.url, eventName: 'schedule', event: {} });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /::error .*::\.github\/changed-backends\.yml:\d+:\d+: /);
  } finally {
    ws.remove();
  }
});
