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

async function setup(options) {
  const repo = new CountingRepo();
  const base = repo.commit('base', { 'a.txt': 'a\n' });
  const head = repo.commit('edit', { 'a.txt': 'b\n', 'b.txt': 'b\n' });
  const gh = await startFakeGitHub({ repo, owner: 'o', name: 'r', ...options });
  const get = async (path) => {
    const res = await fetch(`${gh.url}/repos/o/r${path}`);
    return { status: res.status, body: await res.json() };
  };
  return { repo, gh, base, head, get, async done() { await gh.close(); repo.remove(); } };
}

test('memoGit: a repeated compare runs no git and answers the same', async () => {
  const t = await setup({ memoGit: true });
  try {
    const first = await t.get(`/compare/${t.base}...${t.head}`);
    assert.equal(first.status, 200);
    assert.deepEqual(first.body.files.map((f) => f.filename), ['a.txt', 'b.txt']);
    const calls = t.repo.calls;
    assert.ok(calls > 0);
    assert.deepEqual(await t.get(`/compare/${t.base}...${t.head}`), first);
    assert.equal(t.repo.calls, calls);
  } finally {
    await t.done();
  }
});

test('memoGit: a failing git command is remembered as a failure', async () => {
  const t = await setup({ memoGit: true });
  try {
    const missing = 'f'.repeat(40);
    assert.equal((await t.get(`/commits/${missing}`)).status, 404);
    const calls = t.repo.calls;
    assert.equal((await t.get(`/commits/${missing}`)).status, 404);
    assert.equal(t.repo.calls, calls);
  } finally {
    await t.done();
  }
});

test('memoGit: a commit made after the first request is not seen (the documented limit)', async () => {
  const t = await setup({ memoGit: true });
  try {
    assert.equal((await t.get('/commits/main')).body.sha, t.head);
    t.repo.commit('later', { 'c.txt': 'c\n' });
    assert.equal((await t.get('/commits/main')).body.sha, t.head);
  } finally {
    await t.done();
  }
});

test('default: every request asks git again and sees a new commit', async () => {
  const t = await setup({});
  try {
    const first = await t.get(`/compare/${t.base}...${t.head}`);
    const calls = t.repo.calls;
    assert.deepEqual(await t.get(`/compare/${t.base}...${t.head}`), first);
    assert.ok(t.repo.calls > calls);
    const later = t.repo.commit('later', { 'c.txt': 'c\n' });
    assert.equal((await t.get('/commits/main')).body.sha, later);
  } finally {
    await t.done();
  }
});
