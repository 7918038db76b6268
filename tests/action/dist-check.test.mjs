// The dist/ check catches a committed bundle that its sources do not build,
// and a checkout at another path builds the very same bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

function cloneRepo() {
  const dir = mkdtempSync(join(tmpdir(), 'dist-check-'));
  execFileSync('git', ['clone', '--quiet', '--local', root, dir]);
  // Hard links, not a symlink: the bundle's module paths must be the clone's own.
  execFileSync('cp', ['-al', join(root, 'node_modules'), join(dir, 'node_modules')]);
  return dir;
}

function check(dir) {
  // Share compiled dependencies with this checkout; the crate itself is
  // rebuilt at the clone's path, which is what proves path independence.
  return spawnSync('bash', ['js/scripts/check-dist.sh'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, CARGO_TARGET_DIR: join(root, 'target', 'dist-check') },
  });
}

test('a clone at another path rebuilds dist/ byte for byte, and one flipped byte fails the check', { timeout: 600_000 }, (t) => {
  const dir = cloneRepo();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const clean = check(dir);
  assert.equal(clean.status, 0, `${clean.stdout}\n${clean.stderr}`);
  assert.match(clean.stdout, /matches the sources/);

  const wasm = readdirSync(join(dir, 'dist')).find((f) => f.endsWith('.wasm'));
  const path = join(dir, 'dist', wasm);
  const bytes = readFileSync(path);
  bytes[bytes.length >> 1] ^= 0xff;
  writeFileSync(path, bytes);
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '--quiet', '-am', 'corrupt dist'], { cwd: dir });

  const broken = check(dir);
  assert.equal(broken.status, 1, broken.stderr);
  assert.match(broken.stderr, new RegExp(`dist/${wasm.replace('.', '\\.')}`));
});
