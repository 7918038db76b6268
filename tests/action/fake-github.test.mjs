// The loopback API's memo of git results (`memoGit`): a repeated request runs
// no git at all, and without the option every request asks git afresh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GitRepo } from '../support/git-repo.mjs';
import { startFakeGitHub } from '../support/fake-github.mjs';

/** A real repository that counts the git commands run in it. */
class CountingRepo extends GitRepo {
  calls = 0;
  git(...args) {
    this.calls += 1;
    return super.git(...args);
  }
}

/** A repository and a server for one test, removed when the test ends. */
async function setup(t, options) {
  const repo = new CountingRepo();
  const base = repo.commit('base', { 'a.txt': 'a\n' });
  const head = repo.commit('edit', { 'a.txt': 'b\n', 'b.txt': 'b\n' });
  const gh = await startFakeGitHub({ repo, owner: 'o', name: 'r', ...options });
  const get = async (path) => {
    const res = await fetch(`${gh.url}/repos/o/r${path}`);
    return { status: res.status, body: await res.json() };
  };
  t.after(async () => {
    await gh.close();
    repo.remove();
  });
  return { repo, base, head, get };
}

test('memoGit: a repeated compare runs no git and answers the same', async (t) => {
  const s = await setup(t, { memoGit: true });
  const first = await s.get(`/compare/${s.base}...${s.head}`);
  assert.equal(first.status, 200);
  assert.deepEqual(first.body.files.map((f) => f.filename), ['a.txt', 'b.txt']);
  const calls = s.repo.calls;
  assert.ok(calls > 0);
  assert.deepEqual(await s.get(`/compare/${s.base}...${s.head}`), first);
  assert.equal(s.repo.calls, calls);
});

test('memoGit: a failing git command is remembered as a failure', async (t) => {
  const s = await setup(t, { memoGit: true });
  const missing = 'f'.repeat(40);
  assert.equal((await s.get(`/commits/${missing}`)).status, 404);
  const calls = s.repo.calls;
  assert.equal((await s.get(`/commits/${missing}`)).status, 404);
  assert.equal(s.repo.calls, calls);
});

test('memoGit: a commit made after the first request is not seen (the documented limit)', async (t) => {
  const s = await setup(t, { memoGit: true });
  assert.equal((await s.get('/commits/main')).body.sha, s.head);
  s.repo.commit('later', { 'c.txt': 'c\n' });
  assert.equal((await s.get('/commits/main')).body.sha, s.head);
});

test('default: every request asks git again and sees a new commit', async (t) => {
  const s = await setup(t, {});
  const first = await s.get(`/compare/${s.base}...${s.head}`);
  const calls = s.repo.calls;
  assert.deepEqual(await s.get(`/compare/${s.base}...${s.head}`), first);
  assert.ok(s.repo.calls > calls);
  const later = s.repo.commit('later', { 'c.txt': 'c\n' });
  assert.equal((await s.get('/commits/main')).body.sha, later);
});
