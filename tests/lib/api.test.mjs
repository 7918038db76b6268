// The library API from the built build/lib/: in-memory request answers, parsing and formatting.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, ensureLib } from './build.mjs';

const MATRIX_PATH = '.github/backend-matrix.yml';
const read = (...p) => readFileSync(join(ROOT, ...p), 'utf8');

describe('library API', () => {
  let lib;
  let matrix;
  let config;

  before(async () => {
    ensureLib();
    lib = await import(join(ROOT, 'build', 'lib', 'node', 'index.js'));
    matrix = read('tests', 'fixtures', 'localai', 'backend-matrix.yml');
    config = read('examples', 'localai', 'changed-backends.yml');
  });

  test('a changed matrix file is compared with the previous revision given in `previous`', () => {
    const edited = matrix.replace("tag-suffix: '-cpu-vllm'\n    runs-on: 'ubuntu-latest'", "tag-suffix: '-cpu-vllm'\n    runs-on: 'ubuntu-24.04'");
    assert.notEqual(edited, matrix);
    const result = lib.select({ config, matrix: edited, files: [MATRIX_PATH], previous: { [MATRIX_PATH]: matrix } });
    assert.deepEqual(result.errors, []);
    const keys = result.partitions.flatMap((p) => p.entries.map((e) => e.key));
    assert.deepEqual(keys, ['-cpu-vllm|']);
  });

  test('without the previous revision, a changed matrix file cannot be narrowed down', () => {
    const result = lib.select({ config, matrix, files: [MATRIX_PATH] });
    assert.deepEqual(result.errors, []);
    const selected = result.partitions.reduce((n, p) => n + p.entries.length, 0);
    assert.ok(selected > 400, `only ${selected} entries selected`);
  });

  test('baseline last-success: the caller answers the runs request and the push is compared with that run', () => {
    const S = 'a'.repeat(40);
    const A = 'b'.repeat(40);
    const payload = { ref: 'refs/heads/master', before: 'c'.repeat(40), after: A, repository: { name: 'LocalAI', owner: { login: 'mudler' } } };
    const asked = [];
    const result = lib.runSync({
      config: { path: '.github/changed-backends.yml', text: config },
      matrix: { path: MATRIX_PATH, text: matrix },
      event: { name: 'push', payload: JSON.stringify(payload) },
      baseline: { mode: 'last-success', runId: '5', workflowRef: 'mudler/LocalAI/.github/workflows/backend.yml@refs/heads/master' },
    }, (r) => {
      asked.push(r.kind);
      if (r.kind === 'workflow-runs') {
        assert.deepEqual([r.workflow, r.branch], ['backend.yml', 'master']);
        return { total_count: 1, workflow_runs: [{ id: 4, run_number: 4, head_sha: S, head_branch: 'master', event: 'push', status: 'completed', conclusion: 'success' }] };
      }
      if (r.kind === 'compare') {
        assert.deepEqual([r.base, r.head], [S, A]);
        return { status: 'ahead', totalCommits: 2, files: [{ filename: 'backend/python/vllm/backend.py', status: 'modified' }] };
      }
      throw new Error(`unexpected ${r.kind}`);
    });
    assert.deepEqual(asked, ['workflow-runs', 'compare']);
    assert.equal(result.reason, 'filtered');
    assert.equal(result.outputs.find(([k]) => k === 'base-sha')[1], S);
  });

  test('validate names the matrix path; plan asks for it when it is not given', () => {
    assert.equal(lib.validate({ config }).matrixPath, MATRIX_PATH);
    const planned = lib.plan({ config: { path: 'c.yml', text: config }, changes: { files: [] } });
    assert.deepEqual(planned.requests.map((r) => [r.kind, r.path]), [['read', MATRIX_PATH]]);
  });

  test('run() answers asynchronously; failed answers become error responses', async () => {
    const seen = [];
    const result = await lib.run({ config: { path: 'c.yml', text: config }, changes: { files: [{ filename: 'backend/python/vllm/x.py' }] } }, async (request) => {
      seen.push(request.kind);
      if (request.kind === 'read') return { text: matrix };
      throw new lib.RequestError('not-found', 'nothing here');
    });
    assert.deepEqual(seen, ['read']);
    assert.equal(result.decision, 'filtered');
  });

  test('a broken config comes back as problems with positions, not as an exception', () => {
    const result = lib.select({ config: 'matrix:\n  file: m.yml\nsorces: []\n', matrix: 'include: []\n', files: ['x'] });
    assert.equal(result.errors.length, 1);
    assert.deepEqual([result.errors[0].file, result.errors[0].line, result.errors[0].column], [lib.defaultConfigPath(), 3, 1]);
    assert.match(lib.explain(result), /^\.github\/changed-backends\.yml:3:1: /);
  });

  test('parseChanges reads plain paths, name-status lines (tab and -z) and typed status letters', () => {
    assert.deepEqual(lib.parseChanges('a/b.txt\n\n# note\nM\tc.txt\nR087\told.txt\tnew.txt\nD  gone.txt\n'), [
      { filename: 'a/b.txt' },
      { filename: 'c.txt', status: 'modified' },
      { filename: 'new.txt', status: 'renamed', previous_filename: 'old.txt' },
      { filename: 'gone.txt', status: 'removed' },
    ]);
    assert.deepEqual(lib.parseChanges('A\0with\ttab.txt\0R100\0x\0y\0'), [
      { filename: 'with\ttab.txt', status: 'added' },
      { filename: 'y', status: 'renamed', previous_filename: 'x' },
    ]);
  });
});
