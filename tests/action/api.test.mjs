// The API layer against a real HTTP server answering from a real git repo:
// shapes, pagination, retries, budgets and the error kinds of the contract.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { GitRepo } from '../support/git-repo.mjs';
import { startFakeGitHub } from '../support/fake-github.mjs';
import { createApi, namesNext } from '../../js/action/api.js';
import { serve } from '../../js/lib/loop.js';

let repo, gh, base, head, prHead;

before(async () => {
  repo = new GitRepo();
  base = repo.commit('base', { 'backend/python/x/a.py': 'a\n', 'backend/go/y/main.go': 'package y\n', 'README.md': 'r\n' });
  repo.checkout('feature', true);
  const many = {};
  for (let i = 0; i < 250; i++) many[`gen/f${String(i).padStart(3, '0')}.txt`] = `${i}\n`;
  repo.commit('many', many);
  repo.rename('backend/python/x/a.py', 'backend/go/y/a.py');
  prHead = head = repo.commit('edit', { 'README.md': 'changed\n' });
  gh = await startFakeGitHub({ repo, owner: 'o', name: 'r', pulls: { 7: { base, head: prHead } } });
  process.env.GITHUB_API_URL = gh.url;
});

after(async () => {
  await gh.close();
  repo.remove();
});

const api = (opts = {}) => createApi({ token: 't', requestTimeoutMs: 1000, maxWaitMs: 5000, ...opts });

test('compare reports status, commits and renames', async () => {
  const r = await serve(api().answer, { id: '1', kind: 'compare', owner: 'o', repo: 'r', base, head });
  assert.equal(r.ok, true, JSON.stringify(r));
  assert.equal(r.data.status, 'ahead');
  assert.equal(r.data.totalCommits, 3);
  assert.equal(r.data.files.length, 252);
  assert.deepEqual(r.data.files.find((f) => f.status === 'renamed'),
    { filename: 'backend/go/y/a.py', status: 'renamed', previous_filename: 'backend/python/x/a.py' });
});

test('pull-files paginates and reports the head sha', async () => {
  const r = await serve(api().answer, { id: 'p', kind: 'pull-files', owner: 'o', repo: 'r', number: 7, maxFiles: 3000 });
  assert.equal(r.ok, true, JSON.stringify(r));
  assert.equal(r.data.files.length, 252);
  assert.equal(r.data.headSha, prHead);
  assert.equal(gh.requests.filter((q) => q.path.endsWith('/pulls/7/files')).length, 3);
});

test('pull-files asks for the pull and the first page together, and for the pull again after the last page', async () => {
  // A distant server: each answer held 150 ms, so calls in flight together overlap in the log.
  gh.setLatency(150);
  const n0 = gh.requests.length;
  try {
    const r = await serve(api().answer, { id: 'p', kind: 'pull-files', owner: 'o', repo: 'r', number: 7, maxFiles: 3000 });
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.data.files.length, 252);
  } finally {
    gh.setLatency(0);
  }
  const seen = gh.requests.slice(n0);
  const pulls = seen.filter((q) => q.path.endsWith('/pulls/7'));
  const pages = seen.filter((q) => q.path.endsWith('/pulls/7/files'));
  assert.equal(pulls.length, 2);
  assert.deepEqual(pages.map((q) => q.query.page), ['1', '2', '3']);
  // The first pull and page 1 were both asked before either was answered.
  assert.ok(pages[0].at < pulls[0].done && pulls[0].at < pages[0].done, 'the pull and page 1 were not in flight together');
  // Page 2 waited for the count; the last pull came after every page was answered.
  assert.ok(pages[1].at >= pulls[0].done);
  assert.ok(pages.every((q) => pulls[1].at >= q.done), 'the pull was asked again before the last page was answered');
});

test('pull-files stops at maxFiles', async () => {
  const r = await serve(api().answer, { id: 'p', kind: 'pull-files', owner: 'o', repo: 'r', number: 7, maxFiles: 100 });
  assert.equal(r.data.files.length, 100);
});

test('commits and commit-files paginate', async () => {
  const c = await serve(api().answer, { id: 'c', kind: 'commits', owner: 'o', repo: 'r', base, head, maxCommits: 1000 });
  assert.equal(c.data.shas.length, 3);
  assert.equal(c.data.shas[2], head);
  const f = await serve(api().answer, { id: 'f', kind: 'commit-files', owner: 'o', repo: 'r', sha: c.data.shas[0], maxFiles: 3000 });
  assert.equal(f.ok, true, JSON.stringify(f));
  assert.equal(f.data.files.length, 250);
});

test('content returns the text at a ref; a missing file is not-found', async () => {
  const r = await serve(api().answer, { id: 'x', kind: 'content', owner: 'o', repo: 'r', path: 'backend/python/x/a.py', ref: base });
  assert.deepEqual(r, { id: 'x', ok: true, data: { text: 'a\n' } });
  const m = await serve(api().answer, { id: 'y', kind: 'content', owner: 'o', repo: 'r', path: 'nope.txt', ref: base });
  assert.equal(m.ok, false);
  assert.equal(m.error.kind, 'not-found');
  assert.equal(m.error.status, 404);
});

test('a 500 followed by a 200 is retried', async () => {
  gh.fault(/\/compare\//, { status: 500 }, 1);
  const r = await serve(api().answer, { id: '1', kind: 'compare', owner: 'o', repo: 'r', base, head });
  assert.equal(r.ok, true, JSON.stringify(r));
});

test('a 500 forever gives up within the budget', async () => {
  gh.fault(/\/commits\//, { status: 502, body: { message: 'Bad gateway' } }, Infinity);
  const t = Date.now();
  const r = await serve(api({ maxWaitMs: 3000 }).answer, { id: '1', kind: 'commit-files', owner: 'o', repo: 'r', sha: head, maxFiles: 10 });
  assert.equal(r.ok, false);
  assert.equal(r.error.kind, 'http');
  assert.equal(r.error.status, 502);
  assert.ok(Date.now() - t < 3500, `took ${Date.now() - t} ms`);
  gh.fault(/\/commits\//, { status: 500 }, 0);
});

test('403 with retry-after inside the budget is waited for and retried', async () => {
  gh.fault(/\/pulls\/7$/, { status: 403, headers: { 'retry-after': '1' }, body: { message: 'You have exceeded a secondary rate limit.' } }, 1);
  const r = await serve(api({ maxWaitMs: 8000 }).answer, { id: 'p', kind: 'pull-files', owner: 'o', repo: 'r', number: 7, maxFiles: 3000 });
  assert.equal(r.ok, true, JSON.stringify(r));
});

test('403 with a retry-after beyond the budget fails at once', async () => {
  gh.fault(/\/pulls\/7$/, { status: 403, headers: { 'retry-after': '600' }, body: { message: 'You have exceeded a secondary rate limit.' } }, 1);
  const t = Date.now();
  const r = await serve(api({ maxWaitMs: 5000 }).answer, { id: 'p', kind: 'pull-files', owner: 'o', repo: 'r', number: 7, maxFiles: 3000 });
  assert.equal(r.ok, false);
  assert.equal(r.error.status, 403);
  assert.ok(Date.now() - t < 2000);
});

test('403 without permission keeps the API message', async () => {
  gh.fault(/\/pulls\/7\/files$/, { status: 403, body: { message: 'Resource not accessible by integration' } }, 1);
  const r = await serve(api().answer, { id: 'p', kind: 'pull-files', owner: 'o', repo: 'r', number: 7, maxFiles: 3000 });
  assert.deepEqual(r.error, { kind: 'http', status: 403, message: 'HTTP 403: Resource not accessible by integration' });
});

test('a server that never answers times out', async () => {
  gh.fault(/\/compare\//, 'hang', 10);
  const t = Date.now();
  const r = await serve(api({ requestTimeoutMs: 500, maxWaitMs: 1500 }).answer, { id: '1', kind: 'compare', owner: 'o', repo: 'r', base, head });
  assert.equal(r.ok, false);
  assert.equal(r.error.kind, 'timeout');
  assert.ok(Date.now() - t < 2500, `took ${Date.now() - t} ms`);
  gh.fault(/\/compare\//, 'hang', 0);
  for (const f of []) f;
});

test('malformed JSON is reported as malformed', async () => {
  const fresh = await startFakeGitHub({ repo, owner: 'o', name: 'r' });
  fresh.fault(/\/compare\//, 'malformed', 1);
  process.env.GITHUB_API_URL = fresh.url;
  try {
    const r = await serve(createApi({ token: 't', requestTimeoutMs: 1000, maxWaitMs: 3000 }).answer, { id: '1', kind: 'compare', owner: 'o', repo: 'r', base, head });
    assert.equal(r.ok, false);
    assert.equal(r.error.kind, 'malformed');
  } finally {
    process.env.GITHUB_API_URL = gh.url;
    await fresh.close();
  }
});

test('a refused connection is a network error', async () => {
  process.env.GITHUB_API_URL = 'http://127.0.0.1:9';
  try {
    const r = await serve(createApi({ token: 't', requestTimeoutMs: 500, maxWaitMs: 1000 }).answer, { id: '1', kind: 'compare', owner: 'o', repo: 'r', base, head });
    assert.equal(r.ok, false);
    assert.ok(['network', 'timeout'].includes(r.error.kind), JSON.stringify(r.error));
  } finally {
    process.env.GITHUB_API_URL = gh.url;
  }
});

test('GHES: requests go under the /api/v3 prefix of GITHUB_API_URL', async () => {
  const ghes = await startFakeGitHub({ repo, owner: 'o', name: 'r', prefix: '/api/v3' });
  process.env.GITHUB_API_URL = ghes.url;
  try {
    const r = await serve(createApi({ token: 't', requestTimeoutMs: 1000, maxWaitMs: 3000 }).answer, { id: '1', kind: 'compare', owner: 'o', repo: 'r', base, head });
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.ok(ghes.requests.every((q) => q.path.startsWith('/api/v3/repos/o/r/')));
  } finally {
    process.env.GITHUB_API_URL = gh.url;
    await ghes.close();
  }
});

test('a next page is seen in any well-formed link header', () => {
  const yes = [
    '<https://x/?page=2>; rel="next", <https://x/?page=9>; rel="last"',
    '<https://x/?page=9>; rel="last", <https://x/?page=2>; rel="next"',
    '<https://x/?a=1,2&page=2>; type="application/json"; rel="next"',
    '<https://x/?page=2>; REL=next',
    '<https://x/?page=2>; rel="prefetch next"',
  ];
  for (const link of yes) assert.equal(namesNext({ link }), true, link);
  const no = [undefined, '', '<https://x/?page=1>; rel="prev"', '<https://x/?next=1>; rel="last"', '<https://x/?page=2>; title="next"'];
  for (const link of no) assert.equal(namesNext({ link }), false, String(link));
});
