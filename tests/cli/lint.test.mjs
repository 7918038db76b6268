// `changed-backends lint` on a tree shaped like LocalAI's, built from the fixture matrix.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, ensureLib, makeRepo } from './support.mjs';
import { writeLocalaiTree } from './localai-tree.mjs';

describe('changed-backends lint', () => {
  let repo;
  let entries;
  const lint = () => cli(['lint', '--config', '.github/changed-backends.yml', '--repo', '.'], { cwd: repo.dir });

  before(() => {
    ensureLib();
    repo = makeRepo();
    entries = writeLocalaiTree(repo);
    repo.commit('LocalAI-shaped tree');
  });
  after(() => repo?.cleanup());

  test('the LocalAI example against a complete tree reports nothing', () => {
    const run = lint();
    assert.equal(run.stdout, '', `unexpected findings:\n${run.stdout}`);
    assert.equal(run.code, 0, run.stderr);
  });

  test('removing one backend directory reports exactly that entry', () => {
    // A directory that only one entry builds from, so exactly one entry loses its sources.
    const users = new Map();
    for (const e of entries) if (e.dir) users.set(e.dir, [...(users.get(e.dir) || []), e]);
    const [dir, [entry]] = [...users].find(([, list]) => list.length === 1);
    repo.git('rm', '-q', '-r', dir);
    repo.commit(`remove ${dir}`);
    const run = lint();
    assert.equal(run.code, 1, run.stderr);
    const findings = run.stdout.trim().split('\n');
    assert.equal(findings.length, 1, run.stdout);
    const [finding] = findings;
    assert.ok(
      finding.includes(`:${entry.line}:`) || finding.includes(`:${entry.line} `) || finding.includes(entry.fields.backend),
      `the finding should name ${entry.fields.backend} (line ${entry.line}): ${finding}`,
    );
  });

  test('usage and config errors exit 2', () => {
    assert.equal(cli(['lint', '--config', '.github/changed-backends.yml', '--files', 'x'], { cwd: repo.dir }).code, 2);
    assert.equal(cli(['lint', '--config', 'missing.yml'], { cwd: repo.dir }).code, 2);
    writeFileSync(join(repo.dir, 'broken.yml'), 'matrix:\n  file: .github/backend-matrix.yml\n  listz: [include]\n');
    const broken = cli(['lint', '--config', 'broken.yml'], { cwd: repo.dir });
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /broken\.yml:3:3: /);
  });
});

describe('changed-backends lint: coverage of tracked files', () => {
  let repo;
  const lint = () => cli(['lint', '--config', '.github/changed-backends.yml', '--repo', '.'], { cwd: repo.dir });

  before(() => {
    ensureLib();
    repo = makeRepo();
    repo.write('.github/changed-backends.yml', [
      'matrix: { file: .github/matrix.yml }',
      'name: "{svc}"',
      'sources:',
      '  - paths: ["svc/{svc}/**"]',
      'shared:',
      '  - files: ["lib/**"]',
      '    select: all',
      'ignore: ["docs/**", "*.md"]',
      '',
    ].join('\n'));
    repo.write('.github/matrix.yml', 'include:\n  - { svc: api }\n  - { svc: web }\n');
    for (const path of ['svc/api/main.go', 'svc/web/index.js', 'lib/log.go', 'docs/guide/intro.txt', 'README.md']) {
      repo.write(path, `${path}\n`);
    }
    repo.commit('covered tree');
  });
  after(() => repo?.cleanup());

  test('a fully covered repository lints clean', () => {
    const run = lint();
    assert.equal(run.stdout, '', run.stdout);
    assert.equal(run.code, 0, run.stderr);
  });

  test('a new file nothing watches is reported, grouped by directory', () => {
    repo.write('tools/release.sh', '#!/bin/sh\n');
    repo.commit('add a release script');
    const run = lint();
    assert.equal(run.code, 1, run.stderr);
    const findings = run.stdout.trim().split('\n');
    assert.equal(findings.length, 1, run.stdout);
    assert.match(findings[0], /^\.github\/changed-backends\.yml: 1 tracked file in "tools\/" .*"tools\/release\.sh" \[unwatched-file\]$/);
  });
});
