// `changed-backends run`: dry runs on real git repositories made here.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, cli, ensureLib, makeRepo, parseGithubOutput } from './support.mjs';

const MATRIX = `include:
  - service: api
    lang: go
  - service: worker
    lang: go
  - service: web
    lang: node
`;

const CONFIG = `matrix:
  file: .github/services.yml
identity: [service]
name: "{service}"
sources:
  - label: service sources
    paths: ["services/{service}/**"]
shared:
  - label: Go libraries
    files: ["libs/go/**"]
    select: { lang: go }
`;

/** The services in the run's `matrix` output. */
function services(outputs) {
  return JSON.parse(outputs.matrix).include.map((e) => e.service);
}

describe('changed-backends run', () => {
  let repo;
  let base;
  let head;
  const config = () => join(repo.dir, '.github/changed-backends.yml');

  before(() => {
    ensureLib();
    repo = makeRepo();
    repo.write('.github/services.yml', MATRIX);
    repo.write('.github/changed-backends.yml', CONFIG);
    for (const s of ['api', 'worker', 'web']) repo.write(`services/${s}/main.txt`, `${s}\n`);
    repo.write('services/worker/util.go', 'package util\n\nfunc A() {}\n');
    repo.write('libs/go/log.go', 'package log\n');
    base = repo.commit('base');
    repo.git('mv', 'services/worker/util.go', 'services/api/util.go');
    head = repo.commit('move util from worker to api');
  });
  after(() => repo?.cleanup());

  test('a files list selects the entries whose sources changed (json)', () => {
    const list = join(repo.dir, 'changed.txt');
    writeFileSync(list, 'M\tservices/api/main.txt\n');
    const run = cli(['run', '--config', config(), '--files', list, '--format', 'json', '--repo', repo.dir]);
    assert.equal(run.code, 0, run.stderr);
    const outputs = JSON.parse(run.stdout);
    assert.equal(outputs['run-all'], 'false');
    assert.deepEqual(services(outputs), ['api']);
  });

  test('files from standard input, without the "run" word; shared rules apply', () => {
    const run = cli(['--config', config(), '--files', '-', '--format', 'json', '--repo', repo.dir], { input: 'libs/go/log.go\n' });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(services(JSON.parse(run.stdout)), ['api', 'worker']);
  });

  test('a rename listed as R100 counts under both names', () => {
    const run = cli(['--config', config(), '--files', '-', '--format', 'json', '--repo', repo.dir], {
      input: 'R100\tservices/web/main.txt\tservices/api/main.txt\n',
    });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(services(JSON.parse(run.stdout)), ['api', 'web']);
  });

  test('the default table names each entry with the file and rule behind it', () => {
    const run = cli(['--config', config(), '--files', '-', '--repo', repo.dir], { input: 'M\tservices/web/main.txt\n' });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /web/);
    assert.match(run.stdout, /services\/web\/main\.txt/);
    assert.doesNotMatch(run.stdout, /\bapi\b/);
  });

  test('--format github writes the outputs as heredoc blocks', () => {
    const input = 'M\tservices/web/main.txt\n';
    const json = cli(['--config', config(), '--files', '-', '--format', 'json', '--repo', repo.dir], { input });
    const gh = cli(['--config', config(), '--files', '-', '--format', 'github', '--repo', repo.dir], { input });
    assert.equal(gh.code, 0, gh.stderr);
    assert.deepEqual(parseGithubOutput(gh.stdout), Object.entries(JSON.parse(json.stdout)));
  });

  test('--base/--head diffs with local git; a rename counts under both names', () => {
    const run = cli(['--config', config(), '--base', base, '--head', head, '--format', 'json', '--repo', repo.dir]);
    assert.equal(run.code, 0, run.stderr);
    const outputs = JSON.parse(run.stdout);
    assert.equal(outputs['run-all'], 'false');
    assert.deepEqual(services(outputs), ['api', 'worker']);
  });

  test('--base/--head accept branch names and HEAD~n', () => {
    const run = cli(['--config', config(), '--base', 'HEAD~1', '--head', 'main', '--format', 'json', '--repo', repo.dir]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(services(JSON.parse(run.stdout)), ['api', 'worker']);
  });

  test('an event payload: a tag push runs all; a pull request takes its files from --files', () => {
    const events = join(ROOT, 'tests', 'fixtures', 'events');
    const tag = cli(['--config', config(), '--event', join(events, 'push.json'), '--event-name', 'push', '--format', 'json', '--repo', repo.dir]);
    assert.equal(tag.code, 0, tag.stderr);
    assert.equal(JSON.parse(tag.stdout)['run-all'], 'true');
    assert.equal(JSON.parse(tag.stdout).reason, 'tag');
    const pr = cli(['--config', config(), '--event', join(events, 'pull_request-opened.json'), '--event-name', 'pull_request', '--files', '-', '--format', 'json', '--repo', repo.dir], {
      input: 'M\tservices/web/main.txt\n',
    });
    assert.equal(pr.code, 0, pr.stderr);
    const outputs = JSON.parse(pr.stdout);
    assert.equal(outputs.reason, 'filtered');
    assert.deepEqual(services(outputs), ['web']);
  });

  test('usage errors exit 2', () => {
    const noConfig = cli(['run', '--files', '-', '--repo', ROOT], { input: '' });
    assert.equal(noConfig.code, 2, 'no --config and none at the default place');
    assert.match(noConfig.stderr, /no config at .*\.github\/changed-backends\.yml \(the default place\); pass --config FILE/);
    assert.equal(cli(['--config', config(), '--base', base, '--repo', repo.dir]).code, 2, '--base without --head');
    assert.equal(cli(['--config', config(), '--repo', repo.dir]).code, 2, 'nothing says what changed');
    assert.equal(cli(['--config', config(), '--files', '-', '--format', 'xml'], { input: '' }).code, 2, 'bad format');
    assert.equal(cli(['frobnicate', '--config', config()]).code, 2, 'unknown command');
    const unknown = cli(['--config', config(), '--base', 'no-such-ref', '--head', head, '--repo', repo.dir]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no-such-ref/);
    const missing = cli(['--config', join(repo.dir, 'nope.yml'), '--files', '-', '--repo', repo.dir], { input: '' });
    assert.equal(missing.code, 2);
  });

  test('a config error exits 2 and is printed as file:line:col', () => {
    const bad = join(repo.dir, 'bad.yml');
    writeFileSync(bad, CONFIG.replace('identity: [service]', 'identity: [service]\nsourcez: []'));
    const run = cli(['--config', bad, '--files', '-', '--repo', repo.dir], { input: 'services/api/main.txt\n' });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /bad\.yml:4:1: /);
  });

  test('a matrix error names the matrix file', () => {
    const other = makeRepo();
    try {
      other.write('.github/services.yml', 'include:\n  - service: [api\n');
      other.write('.github/changed-backends.yml', CONFIG);
      other.commit('broken matrix');
      const run = cli(['--config', join(other.dir, '.github/changed-backends.yml'), '--files', '-', '--repo', other.dir], { input: 'x\n' });
      assert.equal(run.code, 2);
      assert.match(run.stderr, /\.github\/services\.yml:\d+:\d+: /);
    } finally {
      other.cleanup();
    }
  });
});

/** The services repository with a base commit, then one commit adding `files` ({path: text}). */
function repoAdding(files) {
  ensureLib();
  const repo = makeRepo();
  repo.write('.github/services.yml', MATRIX);
  repo.write('.github/changed-backends.yml', CONFIG);
  repo.write('services/api/main.txt', 'api\n');
  repo.commit('base');
  for (const [path, text] of Object.entries(files)) repo.write(path, text);
  repo.commit('the change');
  return repo;
}

describe('changed-backends run --files - on git output', () => {
  let repo;
  before(() => {
    repo = repoAdding({ 'services/web/héllo wörld ✓.js': 'web\n' });
  });
  after(() => repo?.cleanup());

  test('a path git quotes (core.quotePath, on by default) selects its entry', () => {
    const input = repo.git('diff', '--name-status', '-M', 'HEAD~1', 'HEAD');
    assert.match(input, /^A\t"services\/web\/h\\303\\251llo/, 'git quoted the path');
    const run = cli(['--config', join(repo.dir, '.github/changed-backends.yml'), '--files', '-', '--format', 'json', '--repo', repo.dir], { input });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(services(JSON.parse(run.stdout)), ['web']);
  });

  test('the table notes changed files no rule watches', () => {
    const run = cli(['--config', join(repo.dir, '.github/changed-backends.yml'), '--files', '-', '--repo', repo.dir], { input: 'tools/gen.sh\nservices/api/main.txt\n' });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^note: 1 changed file\(s\) matched no rule and build nothing: "tools\/gen\.sh"/m);
  });

  test('a quoted path that cannot be decoded is a usage error naming its line', () => {
    const run = cli(['--config', join(repo.dir, '.github/changed-backends.yml'), '--files', '-', '--repo', repo.dir], {
      input: 'M\tservices/api/main.txt\nM\t"services/web/\\xff"\n',
    });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--files -: line 2: an unknown escape \\x in the quoted path/);
    assert.equal(run.stdout, '');
  });
});

describe('changed-backends run prints fork-controlled names on one line', () => {
  let repo;
  before(() => {
    repo = repoAdding({
      'services/web/a\n::error title=Security::Approved\u2028x.txt': 'x\n',
      'services/web/\u001b]0;owned\u0007\u001b[2K.txt': 'y\n',
    });
  });
  after(() => repo?.cleanup());

  test('no line starts a workflow command and no control character reaches the terminal', () => {
    for (const args of [['--base', 'HEAD~1', '--head', 'HEAD'], ['--files', '-']]) {
      const input = args[0] === '--files' ? repo.git('diff', '--name-status', '-z', 'HEAD~1', 'HEAD') : undefined;
      const run = cli(['--config', join(repo.dir, '.github/changed-backends.yml'), ...args, '--repo', repo.dir], { input });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^all: 1 entry$/m, 'web, and only web, is selected');
      assert.ok(!run.stdout.split('\n').some((l) => l.startsWith('::')), run.stdout);
      assert.doesNotMatch(run.stdout, /[\u0000-\u0009\u000b-\u001f\u007f\u2028]/, 'a raw control character');
      assert.match(run.stdout, /services\/web\/a\\u000a::error title=Security::Approved\\u2028x\.txt/);
      assert.match(run.stdout, /services\/web\/\\u001b\]0;owned\\u0007\\u001b\[2K\.txt/);
    }
  });
});
