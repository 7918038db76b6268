// End-to-end: an edit to the config file builds every entry (reason
// `config-changed`) for a push and a pull request, unless the config lists
// itself in `ignore`; run through `node dist/index.js` against the fake API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeGitHub } from '../support/fake-github.mjs';
import { runAction } from '../support/run-action.mjs';
import { localaiRepo, pushEvent, pullEvent, OWNER, NAME } from '../support/localai.mjs';

const CONFIG = '.github/changed-backends.yml';
let repo, gh, base, edited, optedOut;
const pulls = {};

before(async () => {
  repo = localaiRepo();
  base = repo.commit('python backend', { 'backend/python/vllm/backend.py': 'v1\n' });
  const text = readFileSync(join(repo.dir, CONFIG), 'utf8');
  assert.match(text, /^ignore:\n/m, 'the example config has an ignore list to extend');
  repo.checkout('edit-config', true);
  edited = repo.commit('edit the config', { [CONFIG]: `${text}\n# a new comment\n`, 'backend/python/vllm/backend.py': 'v2\n' });
  pulls[1] = { base, head: edited };
  repo.checkout('main');
  repo.checkout('opt-out', true);
  optedOut = repo.commit('config that ignores itself', {
    [CONFIG]: text.replace(/^ignore:\n/m, `ignore:\n  - "${CONFIG}"\n`),
    'backend/python/vllm/backend.py': 'v3\n',
  });
  pulls[2] = { base, head: optedOut };
  gh = await startFakeGitHub({ repo, owner: OWNER, name: NAME, pulls });
});

after(async () => {
  await gh.close();
  repo.remove();
});

const run = (ref, opts) => {
  repo.checkout(ref);
  return runAction({ workspace: repo.dir, apiUrl: gh.url, repository: `${OWNER}/${NAME}`, ...opts });
};

function assertConfigChanged(r) {
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(r.outputs.get('run-all'), 'true', r.stdout);
  assert.equal(r.outputs.get('reason'), 'config-changed');
  assert.equal(r.outputs.get('vllm'), 'true');
  assert.equal(r.outputs.get('whisper'), 'true');
  assert.match(r.summary, /config-changed/);
}

test('a push that edits the config builds everything', async () => {
  assertConfigChanged(await run('edit-config', { eventName: 'push', event: pushEvent({ before: base, after: edited }) }));
});

test('a pull request that edits the config builds everything', async () => {
  assertConfigChanged(await run('edit-config', { eventName: 'pull_request', event: pullEvent({ number: 1, base, head: edited }) }));
});

test('a config listed in its own ignore is filtered as usual', async () => {
  for (const [eventName, event] of [
    ['push', pushEvent({ before: base, after: optedOut })],
    ['pull_request', pullEvent({ number: 2, base, head: optedOut })],
  ]) {
    const r = await run('opt-out', { eventName, event });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.outputs.get('reason'), 'filtered', eventName);
    assert.equal(r.outputs.get('vllm'), 'true');
    assert.equal(r.outputs.get('whisper'), 'false');
  }
});
