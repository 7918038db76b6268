// The CLI's defaults and its help with mistakes: the config's usual place, flag typos, the range it compared.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, ensureLib, makeRepo } from './support.mjs';

const MATRIX = `include:
  - { service: api, lang: go }
  - { service: web, lang: node }
`;

const CONFIG = `matrix: { file: .github/services.yml }
sources:
  - paths: ["services/{service}/**"]
`;

describe('changed-backends defaults', () => {
  let repo;
  let base;
  let head;
  let outside;

  before(() => {
    ensureLib();
    repo = makeRepo();
    repo.write('.github/services.yml', MATRIX);
    repo.write('.github/changed-backends.yml', CONFIG);
    repo.write('services/api/main.go', 'package main\n');
    base = repo.commit('base');
    repo.write('services/web/index.js', 'export {};\n');
    head = repo.commit('web');
    outside = mkdtempSync(join(tmpdir(), 'changed-backends-nogit-'));
  });
  after(() => {
    repo?.cleanup();
    if (outside) rmSync(outside, { recursive: true, force: true });
  });

  test('without --config, run and lint read .github/changed-backends.yml of the repository', () => {
    const run = cli(['--files', '-', '--format', 'json'], { cwd: repo.dir, input: 'services/web/index.js\n' });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(JSON.parse(run.stdout).matrix).include, [{ service: 'web', lang: 'node' }]);
    const viaRepo = cli(['run', '--repo', repo.dir, '--files', '-', '--format', 'json'], { cwd: outside, input: 'services/api/main.go\n' });
    assert.equal(viaRepo.code, 0, viaRepo.stderr);
    assert.deepEqual(JSON.parse(JSON.parse(viaRepo.stdout).matrix).include, [{ service: 'api', lang: 'go' }]);
    const lint = cli(['lint'], { cwd: repo.dir });
    assert.ok(lint.code === 0 || lint.code === 1, `lint exited ${lint.code}: ${lint.stderr}`);
    assert.doesNotMatch(lint.stderr, /no config/);
  });

  test('an unknown flag is a usage error that suggests the flag it resembles', () => {
    const typo = cli(['--confg', 'x.yml', '--files', '-'], { cwd: repo.dir, input: '' });
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /unknown option --confg; did you mean --config\?/);
    const hyphen = cli(['--event_name', 'push'], { cwd: repo.dir });
    assert.match(hyphen.stderr, /did you mean --event-name\?/);
    const far = cli(['--frobnicate'], { cwd: repo.dir });
    assert.equal(far.code, 2);
    assert.match(far.stderr, /unknown option --frobnicate/);
    assert.doesNotMatch(far.stderr, /did you mean/);
  });

  test('the table says which refs and commits were compared, not the words base...head', () => {
    const run = cli(['--base', 'HEAD~1', '--head', 'main'], { cwd: repo.dir });
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.split('\n');
    assert.equal(lines[0], 'Range: HEAD~1...main');
    assert.ok(lines[1].includes(`compared ${base.slice(0, 12)}...${head.slice(0, 12)}`), lines[1]);
    assert.doesNotMatch(run.stdout, /base\.\.\.head/);
  });

  test('entries without identity or name are labelled field=value, not as JSON', () => {
    const run = cli(['--files', '-'], { cwd: repo.dir, input: 'services/web/index.js\n' });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /\[service=web lang=node\]/);
    assert.doesNotMatch(run.stdout, /\[\[\[/);
  });

  test('lint names an entry without identity by its name, else its fields', () => {
    const partial = `matrix: { file: .github/services.yml }\nsources:\n  - when: { service: api }\n    paths: ["services/{service}/**"]\n`;
    const configFile = join(outside, 'partial.yml');
    writeFileSync(configFile, partial);
    const byFields = cli(['lint', '--config', configFile, '--repo', repo.dir]);
    assert.equal(byFields.code, 1, byFields.stderr);
    assert.match(byFields.stdout, /entry "service=web lang=node" has no source paths/);
    writeFileSync(configFile, `${partial}name: "{service}-{lang}"\n`);
    const byName = cli(['lint', '--config', configFile, '--repo', repo.dir]);
    assert.match(byName.stdout, /entry "web-node" has no source paths/);
  });

  test('--base outside a git work tree says so', () => {
    const run = cli(['--config', join(repo.dir, '.github', 'changed-backends.yml'), '--base', 'main', '--head', 'HEAD'], { cwd: outside });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /the current directory is not inside a git work tree/);
  });
});
