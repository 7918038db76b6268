// The README's first command works as written and prints what the README
// shows: `npm run demo` (js/scripts/demo.sh) on the LocalAI example.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

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
