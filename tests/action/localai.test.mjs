// LocalAI's output contract (its spec, section 5), end to end: the bundled
// action (`node dist/index.js`) on the real fixture matrix and the example
// config, compared output by output with values computed independently from
// the fixture (tests/support/localai-expect.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeGitHub } from '../support/fake-github.mjs';
import { runAction } from '../support/run-action.mjs';
import { localaiRepo, pushEvent, pullEvent, OWNER, NAME, ZERO } from '../support/localai.mjs';
import { FIXED_OUTPUTS, localaiMatrix, localaiHistory, expectedOutputs, fullRunOutputs, allNames, keyOf, shardsOf, mergeItemsOf } from '../support/localai-expect.mjs';
import { replayCommit, describeFiles } from '../support/replay.mjs';

const matrix = localaiMatrix();

// The commit replayed: the one selecting the most entries among those that
// select both Linux and Darwin entries (else any non-empty selection).
const history = localaiHistory();
const size = (c) => c.expected.include.length + c.expected.includeDarwin.length;
const both = history.filter((c) => c.expected.include.length > 0 && c.expected.includeDarwin.length > 0);
const sample = (both.length ? both : history.filter((c) => size(c) > 0)).reduce((a, b) => (size(b) > size(a) ? b : a));

const FIXED = FIXED_OUTPUTS;
const JSON_OUTPUTS = FIXED.filter((n) => n.includes('matrix') || n === 'names');

let repo, gh, base, head;

before(async () => {
  repo = localaiRepo();
  ({ base, head } = replayCommit(repo, sample.changed, sample.commit.slice(0, 12)));
  gh = await startFakeGitHub({ repo, owner: OWNER, name: NAME, pulls: { 11: { base, head } } });
});

after(async () => {
  await gh.close();
  repo.remove();
});

const run = (opts) => runAction({ workspace: repo.dir, apiUrl: gh.url, repository: `${OWNER}/${NAME}`, ...opts });

/** Exit 0, exactly the contract's output names, compact JSON, every value as expected. */
function assertOutputs(r, expected) {
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const names = [...FIXED, ...allNames(matrix)];
  assert.equal(names.length, FIXED.length + 75);
  assert.deepEqual([...r.outputs.keys()].sort(), names.sort());
  for (const n of JSON_OUTPUTS) {
    const v = r.outputs.get(n);
    assert.equal(v, JSON.stringify(JSON.parse(v)), `${n} is compact JSON`);
  }
  for (const [n, v] of expected) assert.equal(r.outputs.get(n), v, `output ${n}`);
}

const entriesOf = (r, name) => JSON.parse(r.outputs.get(name)).include;

test('the test-side matrix reader agrees with known fixture entries', () => {
  assert.equal(matrix.include.length, 457);
  assert.equal(matrix.includeDarwin.length, 62);
  assert.deepEqual(matrix.include[0], {
    'build-type': 'l4t', 'cuda-major-version': '12', 'cuda-minor-version': '0', platforms: 'linux/arm64',
    'tag-latest': 'auto', 'tag-suffix': '-nvidia-l4t-diffusers', 'runs-on': 'ubuntu-24.04-arm',
    'base-image': 'nvcr.io/nvidia/l4t-jetpack:r36.4.0', 'skip-drivers': 'true', backend: 'diffusers',
    dockerfile: './backend/Dockerfile.python', context: './', 'ubuntu-version': '2204',
  });
  assert.deepEqual(matrix.includeDarwin[7], { backend: 'llama-cpp', 'tag-suffix': '-metal-darwin-arm64-llama-cpp', lang: 'go' });
  const audio = matrix.include.find((e) => keyOf(e) === '-cpu-audio-cpp|amd64');
  assert.equal(audio['build-type'], '');
  assert.equal(audio.dockerfile, './backend/Dockerfile.audio-cpp');
  assert.deepEqual(shardsOf([1, 2, 3, 4, 5, 6]), [[1, 2], [3, 4], [5], [6]]);
  assert.deepEqual(mergeItemsOf([{ 'tag-suffix': 'a' }, {}, { 'tag-suffix': 'a', 'tag-latest': 'x' }]), [{ 'tag-suffix': 'a', 'tag-latest': '' }]);
});

/** A full run: everything, with the contract's sizes spelled out. */
function assertFullRun(r, reason) {
  assertOutputs(r, fullRunOutputs(matrix, reason));
  assert.equal(entriesOf(r, 'matrix-multiarch').length, 145);
  assert.deepEqual([1, 2, 3, 4].map((n) => entriesOf(r, `matrix-singlearch-${n}`).length), [78, 78, 78, 78]);
  assert.equal(entriesOf(r, 'matrix-darwin').length, 62);
  const multi = matrix.include.filter((e) => e['platform-tag']);
  assert.deepEqual(entriesOf(r, 'merge-matrix-multiarch').map((m) => m['tag-suffix']), [...new Set(multi.map((e) => e['tag-suffix']))]);
  for (const [n, v] of r.outputs) {
    if (n.startsWith('has-') || allNames(matrix).includes(n)) assert.equal(v, 'true', n);
  }
  assert.equal(r.outputs.get('run-all'), 'true');
}

/** A filtered run of the sample commit: the selection recorded from LocalAI's script. */
function assertSample(r) {
  const selected = { include: new Set(sample.expected.include), includeDarwin: new Set(sample.expected.includeDarwin) };
  const picked = [...matrix.include, ...matrix.includeDarwin].filter((e) => selected.include.has(keyOf(e)) || selected.includeDarwin.has(keyOf(e)));
  const names = [...new Set(picked.map((e) => e.backend))];
  assertOutputs(r, expectedOutputs(matrix, { runAll: false, reason: 'filtered', selected, trueNames: sample.expected.names, names, baseSha: base }));

  // The same facts read straight off the outputs, against the recorded keys.
  const linux = ['matrix-multiarch', 1, 2, 3, 4].flatMap((s) => entriesOf(r, typeof s === 'number' ? `matrix-singlearch-${s}` : s));
  assert.deepEqual(linux.map(keyOf).sort(), [...sample.expected.include].sort());
  assert.deepEqual(entriesOf(r, 'matrix-darwin').map(keyOf).sort(), [...sample.expected.includeDarwin].sort());
  const flagged = allNames(matrix).filter((n) => r.outputs.get(n) === 'true');
  assert.deepEqual(flagged.sort(), [...sample.expected.names].sort());
  for (const [has, matrixName] of [['has-backends-multiarch', 'matrix-multiarch'], ['has-merges-multiarch', 'merge-matrix-multiarch'], ['has-backends-darwin', 'matrix-darwin'],
    ...[1, 2, 3, 4].flatMap((n) => [[`has-backends-singlearch-${n}`, `matrix-singlearch-${n}`], [`has-merges-singlearch-${n}`, `merge-matrix-singlearch-${n}`]])]) {
    assert.equal(r.outputs.get(has), String(entriesOf(r, matrixName).length > 0), has);
  }
  assert.equal(r.outputs.get('run-all'), 'false');
}

test(`push of LocalAI ${sample.commit.slice(0, 12)}: the recorded selection, served by compare`, async () => {
  assert.ok(sample.expected.include.length > 0 && sample.expected.includeDarwin.length > 0, 'a sample selecting Linux and Darwin entries');
  const compare = await (await fetch(`${gh.url}/repos/${OWNER}/${NAME}/compare/${base}...${head}`)).json();
  assert.deepEqual(describeFiles(compare.files), describeFiles(sample.changed));
  const seen = gh.count(/\/compare\//);
  const r = await run({ eventName: 'push', event: pushEvent({ before: base, after: head }) });
  assertSample(r);
  assert.equal(gh.count(/\/compare\//), seen + 1);
});

test('pull_request of the same change: the same selection', async () => {
  assertSample(await run({ eventName: 'pull_request', event: pullEvent({ number: 11, base, head }) }));
});

test('schedule: the full matrices', async () => {
  assertFullRun(await run({ eventName: 'schedule', event: { schedule: '0 2 * * *' } }), 'schedule');
});

test('tag push: the full matrices', async () => {
  assertFullRun(await run({ eventName: 'push', event: pushEvent({ ref: 'refs/tags/v9.9.9', before: ZERO, after: head, created: true }) }), 'tag');
});
