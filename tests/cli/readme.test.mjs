// The README's first command works as written and prints what the README
// shows: `npm run demo` (js/scripts/demo.sh) on the LocalAI example.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

test('npm run demo prints the selection the README shows', { timeout: 300_000 }, () => {
  const r = spawnSync('npm', ['run', '--silent', 'demo'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const shown = readme.split('## Try it')[1].split('```')[3];
  const lines = shown.split('\n').map((l) => l.trim()).filter((l) => l && l !== '...');
  assert.ok(lines.length >= 3, 'the README shows sample output');
  const out = r.stdout.split('\n').map((l) => l.trim());
  for (const line of lines) assert.ok(out.includes(line), `README line not printed: ${line}\n---\n${r.stdout}`);
  assert.match(r.stderr, /LocalAI commit [0-9a-f]{12}/);
});

test('the demo needs only Node: a copy of the tree without node_modules, builds or cargo runs it', { timeout: 120_000 }, (t) => {
  const copy = mkdtempSync(join(tmpdir(), 'changed-backends-fresh-'));
  t.after(() => rmSync(copy, { recursive: true, force: true }));
  // The tracked and new files, as a fresh clone of this tree would hold them.
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f && existsSync(join(root, f)));
  for (const f of files) {
    mkdirSync(dirname(join(copy, f)), { recursive: true });
    copyFileSync(join(root, f), join(copy, f));
  }
  for (const absent of ['node_modules', 'lib', 'build', 'target']) assert.ok(!existsSync(join(copy, absent)), `${absent} was copied`);
  // Only Node's own directory and the system's: no cargo, no wasm-bindgen.
  const PATH = [dirname(process.execPath), '/usr/bin', '/bin'].join(':');
  const r = spawnSync('npm', ['run', '--silent', 'demo', '12'], { cwd: copy, encoding: 'utf8', env: { PATH, HOME: copy } });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Filtered \(filtered\): changed files given/m);
  assert.match(r.stderr, /LocalAI commit [0-9a-f]{12}/);
  assert.ok(!existsSync(join(copy, 'node_modules')) && !existsSync(join(copy, 'build')), 'the demo installed or built something');
});
