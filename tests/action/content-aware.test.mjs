// Content-aware rules end to end: the bundled action reads previous
// revisions through the contents API (the fake server answers from git at
// the push's `before`) and the current ones from the checkout.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeGitHub } from '../support/fake-github.mjs';
import { runAction, FIXTURES } from '../support/run-action.mjs';
import { localaiRepo, pushEvent, OWNER, NAME } from '../support/localai.mjs';

const MATRIX = readFileSync(join(FIXTURES, 'localai', 'backend-matrix.yml'), 'utf8');
const PROTO = 'syntax = "proto3";\npackage backend;\nservice Backend {\n  rpc Predict(PredictOptions) returns (Reply) {}\n}\nmessage PredictOptions {\n  string Prompt = 1;\n}\nmessage Reply {\n  bytes message = 1;\n}\n';

let repo, gh, base;

before(async () => {
  repo = localaiRepo();
  base = repo.commit('proto', { 'backend/backend.proto': PROTO });
  gh = await startFakeGitHub({ repo, owner: OWNER, name: NAME });
});

after(async () => {
  await gh.close();
  repo.remove();
});

/** Commits `files` on top of `base`, runs a push event for it, and returns the run. */
async function pushOf(files) {
  repo.checkout(base);
  const head = repo.commit('change', files);
  const r = await runAction({ workspace: repo.dir, apiUrl: gh.url, repository: `${OWNER}/${NAME}`, eventName: 'push', event: pushEvent({ before: base, after: head }) });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(r.outputs.get('reason'), 'filtered');
  return r;
}

const trueNames = (r) => JSON.parse(r.outputs.get('names'));
const contentRequests = () => gh.requests.filter((q) => q.path.includes('/contents/'));

test('a matrix edit selects only the entries it changed', async () => {
  const edited = MATRIX.replace('tag-suffix: \'-cpu-vllm\'', 'tag-suffix: \'-cpu-vllm\'\n    build-args: "X=1"');
  assert.notEqual(edited, MATRIX);
  const asked = contentRequests().length;
  const r = await pushOf({ '.github/backend-matrix.yml': edited });
  assert.ok(contentRequests().length > asked, 'the previous matrix came from the contents API');
  assert.deepEqual(trueNames(r), ['vllm']);
  const multi = JSON.parse(r.outputs.get('matrix-multiarch')).include;
  const single = [1, 2, 3, 4].flatMap((n) => JSON.parse(r.outputs.get(`matrix-singlearch-${n}`)).include);
  assert.deepEqual([...multi, ...single].map((e) => e['tag-suffix']), ['-cpu-vllm']);
  assert.equal(single[0]['build-args'], 'X=1');
});

test('an additive proto edit builds nothing; a breaking one builds everything', async () => {
  const additive = PROTO.replace('  string Prompt = 1;\n', '  string Prompt = 1;\n  int32 Tokens = 2;\n');
  const r1 = await pushOf({ 'backend/backend.proto': additive });
  assert.deepEqual(trueNames(r1), []);
  assert.equal(r1.outputs.get('has-backends-darwin'), 'false');

  const breaking = PROTO.replace('string Prompt = 1;', 'string Prompt = 3;');
  const r2 = await pushOf({ 'backend/backend.proto': breaking });
  assert.equal(trueNames(r2).length, 75);
  assert.equal(r2.outputs.get('run-all'), 'false', 'a filtered run that selects every entry');
});

test('when the previous revision cannot be read, the proto rule fires, and selecting everything is run-all api-error', async () => {
  gh.fault(/\/contents\//, { status: 500, body: { message: 'boom' } }, 50);
  try {
    const additive = PROTO.replace('  bytes message = 1;\n', '  bytes message = 1;\n  string extra = 2;\n');
    repo.checkout(base);
    const head = repo.commit('change', { 'backend/backend.proto': additive });
    const r = await runAction({ workspace: repo.dir, apiUrl: gh.url, repository: `${OWNER}/${NAME}`, eventName: 'push', event: pushEvent({ before: base, after: head }) });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(trueNames(r).length, 75);
    assert.equal(r.outputs.get('run-all'), 'true');
    assert.equal(r.outputs.get('reason'), 'api-error');
    assert.match(r.stdout, /content-aware rules treat the file as changed/);
  } finally {
    gh.clearFaults();
  }
});
