// Caller mistakes at the library's JS boundary: a TypeError naming the field, never an empty selection.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, ensureLib } from './build.mjs';

const read = (...p) => readFileSync(join(ROOT, ...p), 'utf8');

describe('library input checks', () => {
  let lib;
  let config;
  let matrix;

  before(async () => {
    ensureLib();
    lib = await import(join(ROOT, 'build', 'lib', 'node', 'index.js'));
    config = read('examples', 'localai', 'changed-backends.yml');
    matrix = read('tests', 'fixtures', 'localai', 'backend-matrix.yml');
  });

  const rejects = (call, pattern) => assert.throws(call, (err) => err instanceof TypeError && pattern.test(err.message), `expected a TypeError matching ${pattern}`);

  test('a misspelt key (`file` for `files`) is a TypeError that suggests the right one', () => {
    rejects(() => lib.select({ config, matrix, file: ['backend/python/vllm/backend.py'] }), /unknown key `file`.*did you mean `files`/);
  });

  test('select() without `files` is refused rather than read as "nothing changed"', () => {
    rejects(() => lib.select({ config, matrix }), /`files` must be an array, got undefined/);
  });

  test('a string where the list of files belongs names `files`', () => {
    rejects(() => lib.select({ config, matrix, files: 'backend/python/vllm/backend.py' }), /`files` must be an array, got string/);
  });

  test('a file object without a string `filename` names its index', () => {
    rejects(() => lib.select({ config, matrix, files: ['a', { path: 'x' }] }), /`files\[1\]\.filename` must be a string, got undefined/);
    rejects(() => lib.select({ config, matrix, files: [{ filename: 7 }] }), /`files\[0\]\.filename` must be a string, got number/);
    rejects(() => lib.select({ config, matrix, files: [null] }), /`files\[0\]` must be a path or \{ filename \}, got null/);
    rejects(() => lib.select({ config, matrix, files: [{ filename: 'a', status: 1 }] }), /`files\[0\]\.status` must be a string/);
  });

  test('config and matrix of the wrong type name the field', () => {
    rejects(() => lib.select({ config: 42, matrix, files: [] }), /`config` must be YAML text/);
    rejects(() => lib.select({ config, matrix: 42, files: [] }), /`matrix` must be YAML text/);
    rejects(() => lib.select(null), /takes an object/);
  });

  test('validate() and lint() check their keys and lists too', () => {
    rejects(() => lib.validate({ config, matrx: matrix }), /validate\(\): unknown key `matrx`/);
    rejects(() => lib.lint({ config, matrix, files: 'a' }), /lint\(\): `files` must be an array/);
    rejects(() => lib.lint({ config, matrix, files: [{ filename: 'a' }] }), /`files\[0\]` must be a path string/);
  });

  test('well-formed input still selects: paths, File objects and extra API fields are fine', () => {
    const result = lib.select({
      config,
      matrix,
      files: ['README.md', { filename: 'backend/python/vllm/backend.py', status: 'modified', sha: 'abc', additions: 3 }],
    });
    assert.deepEqual(result.errors, []);
    assert.equal(result.decision, 'filtered');
    assert.ok(result.partitions.some((p) => p.entries.some((e) => e.name === 'vllm')));
  });

  test('version() is the package.json version', () => {
    const pkg = JSON.parse(read('package.json'));
    assert.equal(lib.version(), pkg.version);
  });
});
