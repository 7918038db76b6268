// The README is also the npm package's page, where relative links and images break: every link is
// absolute or an anchor, and each link into this repository names a file or folder that exists here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../lib/build.mjs';

const REPO = /^https:\/\/(?:github\.com\/org\/changed-backends-action\/(?:blob|tree)\/main|raw\.githubusercontent\.com\/org\/changed-backends-action\/main)\/(.+)$/;

function targets(markdown) {
  const prose = markdown.replace(/```[\s\S]*?```/g, '');
  const found = [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]);
  for (const m of prose.matchAll(/<(?:img|a)\b[^>]*\b(?:src|href)="([^"]+)"/g)) found.push(m[1]);
  return found;
}

test('README links and images are absolute or anchors', () => {
  const links = targets(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  assert.ok(links.length > 0);
  const relative = links.filter((l) => !l.startsWith('#') && !/^https?:\/\//.test(l));
  assert.deepEqual(relative, []);
});

test('README links into the repository name paths that exist', () => {
  const links = targets(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  const own = links.map((l) => REPO.exec(l)).filter(Boolean).map((m) => m[1].split('#')[0]);
  assert.ok(own.length >= 4, `expected links to the examples and the screenshot, found ${own.join(', ')}`);
  for (const path of own) assert.ok(existsSync(join(ROOT, path)), `${path} does not exist`);
});
