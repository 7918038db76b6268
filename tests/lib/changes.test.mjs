// parseChanges on what git really prints: outside `-z`, git quotes unusual
// paths (C escapes, non-ASCII bytes as \ooo); read as written they would
// match nothing and the change would be lost without a word.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, ensureLib } from './build.mjs';
import { GitRepo } from '../support/git-repo.mjs';

const NAMES = [
  'plain.txt',
  'dir with spaces/a b.txt',
  'héllo wörld ✓.js',
  '🚀/launch.txt',
  'tab\there.txt',
  'quote"d.txt',
  'back\\slash.txt',
  'new\nline.txt',
  'bell\u0007.txt',
  '"wrapped".txt',
];

describe('parseChanges reads git output', () => {
  let lib;
  let repo;
  let base;
  let head;

  before(async () => {
    ensureLib();
    lib = await import(join(ROOT, 'build', 'lib', 'node', 'index.js'));
    repo = new GitRepo();
    base = repo.commit('base', { 'old ünïcode.txt': 'moved\n'.repeat(20), 'gone é.txt': 'x\n' });
    repo.write(Object.fromEntries(NAMES.map((n) => [n, `${n}\n`])));
    repo.write({ 'gone é.txt': null });
    repo.git('mv', 'old ünïcode.txt', 'nëw ünïcode.txt');
    head = repo.commit('names');
  });
  after(() => repo.remove());

  const diff = (quotePath, ...args) =>
    repo.git('-c', `core.quotepath=${quotePath}`, 'diff', '-M', ...args, base, head, '--');

  test('quoted or not, every path reads as `-z` gives it', () => {
    const truth = lib.parseChanges(diff(true, '--name-status', '-z'));
    assert.deepEqual(truth.map((f) => f.filename).sort(), [...NAMES, 'gone é.txt', 'nëw ünïcode.txt'].sort());
    assert.deepEqual(truth.find((f) => f.status === 'renamed'), {
      filename: 'nëw ünïcode.txt', status: 'renamed', previous_filename: 'old ünïcode.txt',
    });
    for (const quotePath of [true, false]) {
      const statusText = diff(quotePath, '--name-status');
      assert.match(statusText, /"/, 'git quoted some paths');
      assert.deepEqual(lib.parseChanges(statusText), truth, `--name-status, core.quotePath=${quotePath}`);
      const names = lib.parseChanges(diff(quotePath, '--name-only')).map((f) => f.filename);
      assert.deepEqual(names, truth.map((f) => f.filename), `--name-only, core.quotePath=${quotePath}`);
    }
  });

  test('a quoted path that cannot be decoded is refused with its line, never passed on', () => {
    const cases = [
      ['M\tok.txt\nM\t"bad \\q escape"\n', 2, /unknown escape \\q/],
      ['"\\377\\376.txt"\n', 1, /not UTF-8/],
      ['# note\n\nA\t"in"side"\n', 3, /unescaped quote/],
      ['"dangling\\"\n', 1, /unknown escape/],
      ['M\t""\n', 1, /nothing in the quoted path/],
      ['"a\\000b"\n', 1, /a NUL byte/],
    ];
    for (const [text, line, why] of cases) {
      assert.throws(() => lib.parseChanges(text), (err) => err.line === line && why.test(err.message), JSON.stringify(text));
    }
  });

  test('hand-typed lines decode quoted paths too, renames as `old -> new` or `old new`', () => {
    assert.deepEqual(lib.parseChanges('M  "services/web/caf\\303\\251.txt"\nR  "a \\303\\251" -> "b c"\nR old new\nA  plain path.txt\n'), [
      { filename: 'services/web/café.txt', status: 'modified' },
      { filename: 'b c', status: 'renamed', previous_filename: 'a é' },
      { filename: 'new', status: 'renamed', previous_filename: 'old' },
      { filename: 'plain path.txt', status: 'added' },
    ]);
  });

  test('a very long quoted path is decoded, not a stack overflow', () => {
    const long = 'd/'.repeat(150_000);
    assert.equal(lib.parseChanges(`"${long}\\303\\251"\n`)[0].filename, `${long}é`);
  });

  test('a byte order mark before the first line is no part of its name', () => {
    assert.deepEqual(lib.parseChanges('\uFEFFM\tservices/web/a.js\n'), [{ filename: 'services/web/a.js', status: 'modified' }]);
    assert.deepEqual(lib.parseChanges('\uFEFFM\0services/web/a.js\0'), [{ filename: 'services/web/a.js', status: 'modified' }]);
  });

  test('text that only looks quoted at one end is a path as written', () => {
    assert.deepEqual(lib.parseChanges('"\n"open.txt\nclose.txt"\n').map((f) => f.filename), ['"', '"open.txt', 'close.txt"']);
  });
});
