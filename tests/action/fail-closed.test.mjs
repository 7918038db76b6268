// Hostile corners of the bundled action, end to end: answers that did not
// arrive whole, short or shifting pages, rate limits, output names that
// differ only in case, workflow commands hidden in config text or API data,
// non-regular and non-UTF-8 files, out-of-range inputs. Each case runs
// dist/index.js against the loopback API and real git repositories.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitRepo } from '../support/git-repo.mjs';
import { startFakeGitHub } from '../support/fake-github.mjs';
import { runAction, commandLines, FIXTURES } from '../support/run-action.mjs';
import { localaiRepo, pushEvent, pullEvent, OWNER, NAME } from '../support/localai.mjs';

const PROTO = 'syntax = "proto3";\npackage backend;\nservice Backend {\n  rpc Predict(PredictOptions) returns (Reply) {}\n}\nmessage PredictOptions {\n  string Prompt = 1;\n  int32 Tokens = 2;\n}\nmessage Reply {\n  bytes message = 1;\n}\n';
const BREAKING = PROTO.replace('  int32 Tokens = 2;\n', '');
const MATRIX = readFileSync(join(FIXTURES, 'localai', 'backend-matrix.yml'), 'utf8');
const names = (r) => JSON.parse(r.outputs.get('names'));
/** Lines a runner would take as commands other than the ones the action itself issues. */
const injected = (stdout) => commandLines(stdout).filter((l) => !/^::(warning|error|debug|notice|group|endgroup)( [^:]*)?::/.test(l));

// --- LocalAI-shaped repository: content-aware rules through the contents API.
let local, localGh, protoBase;

before(async () => {
  local = localaiRepo();
  protoBase = local.commit('proto', { 'backend/backend.proto': PROTO });
  localGh = await startFakeGitHub({ repo: local, owner: OWNER, name: NAME });
});

after(async () => {
  await localGh.close();
  local.remove();
});

async function localPush(files, extra = {}) {
  local.checkout(protoBase);
  const head = local.commit('change', files);
  return runAction({ workspace: local.dir, apiUrl: localGh.url, repository: `${OWNER}/${NAME}`, eventName: 'push', event: pushEvent({ before: protoBase, after: head }), ...extra });
}

test('a previous revision cut off mid-body is a failed read, not an empty file', async () => {
  localGh.fault(/\/contents\//, { cutAfter: 5 }, Infinity);
  try {
    const r = await localPush({ 'backend/backend.proto': BREAKING });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.outputs.get('reason'), 'api-error', r.stdout);
    assert.equal(r.outputs.get('run-all'), 'true');
    assert.equal(names(r).length, 75);
    assert.match(r.stdout, /cut off/);
  } finally {
    localGh.clearFaults();
  }
});

test('a JSON contents answer whose size disagrees with its content is a failed read', async () => {
  const partial = PROTO.slice(0, 20);
  localGh.fault(/\/contents\//, { status: 200, body: { type: 'file', encoding: 'base64', size: PROTO.length, content: Buffer.from(partial).toString('base64') } }, Infinity);
  try {
    const r = await localPush({ 'backend/backend.proto': BREAKING });
    assert.equal(r.outputs.get('reason'), 'api-error', r.stdout);
    assert.equal(names(r).length, 75);
    assert.match(r.stdout, /declares \d+ bytes but holds 20/);
  } finally {
    localGh.clearFaults();
  }
});

test('a JSON contents answer with invalid base64 is a failed read', async () => {
  localGh.fault(/\/contents\//, { status: 200, body: { type: 'file', encoding: 'base64', content: '!!!not base64' } }, Infinity);
  try {
    const r = await localPush({ 'backend/backend.proto': BREAKING });
    assert.equal(r.outputs.get('reason'), 'api-error', r.stdout);
    assert.match(r.stdout, /invalid base64/);
  } finally {
    localGh.clearFaults();
  }
});

test('a compare answer cut off mid-body is a failed request', async () => {
  localGh.fault(/\/compare\//, { cutAfter: 10 }, Infinity);
  try {
    const r = await localPush({ 'README.md': 'changed\n' });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.outputs.get('reason'), 'api-error');
    assert.match(r.stdout, /cut off/);
  } finally {
    localGh.clearFaults();
  }
});

test('a matrix edit whose previous revision cannot be read is run-all api-error', async () => {
  localGh.fault(/\/contents\//, { status: 500, body: { message: 'boom' } }, Infinity);
  try {
    const edited = MATRIX.replace("tag-suffix: '-cpu-vllm'", "tag-suffix: '-cpu-vllm'\n    build-args: \"X=1\"");
    const r = await localPush({ '.github/backend-matrix.yml': edited });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.outputs.get('run-all'), 'true');
    assert.equal(r.outputs.get('reason'), 'api-error');
  } finally {
    localGh.clearFaults();
  }
});

test('a rule label with newlines never reaches the log as a workflow command', async () => {
  const cfgPath = '.github/changed-backends.yml';
  const cfg = readFileSync(join(local.dir, cfgPath), 'utf8');
  const hostile = `shared:\n  - label: "proto\\n::add-mask::secret\\n::set-output name=run-all::false\\n::error::boom"\n    files: [backend/backend.proto]\n    select: all\n    unless: proto-additive\n`;
  assert.match(cfg, /^shared:\n/m);
  // The label lands in one commit, the breaking edit in the next: a push that
  // edits the config itself builds everything (config-changed) and fires no rule.
  local.checkout(protoBase);
  const labelled = local.commit('label', { [cfgPath]: cfg.replace(/^shared:\n/m, hostile) });
  const head = local.commit('change', { 'backend/backend.proto': BREAKING });
  const r = await runAction({ workspace: local.dir, apiUrl: localGh.url, repository: `${OWNER}/${NAME}`, eventName: 'push', event: pushEvent({ before: labelled, after: head }) });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(r.outputs.get('reason'), 'filtered', r.stdout);
  assert.match(r.stdout, /fired the rule/);
  assert.deepEqual(injected(r.stdout), []);
  assert.ok(!/^::error::boom/m.test(r.stdout));
});

test('a commit sha from the API that is not 40 hex digits is malformed and never logged raw', async () => {
  // 301 changed files: the compare answer is capped at 300 and the action lists the range's commits one by one.
  const gh = await startFakeGitHub({ repo: local, owner: OWNER, name: NAME });
  gh.fault(/\/compare\/.*[?&]page=/, { status: 200, body: { status: 'ahead', total_commits: 1, commits: [{ sha: 'abc\n::add-mask::x\n::error::boom' }], files: [] } }, Infinity);
  try {
    local.checkout(protoBase);
    const many = {};
    for (let i = 0; i < 301; i++) many[`gen/f${i}.txt`] = `${i}\n`;
    const head = local.commit('many', many);
    const r = await runAction({ workspace: local.dir, apiUrl: gh.url, repository: `${OWNER}/${NAME}`, eventName: 'push', event: pushEvent({ before: protoBase, after: head }) });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.outputs.get('reason'), 'api-error', r.stdout);
    assert.match(r.stdout, /40 hexadecimal/);
    assert.deepEqual(injected(r.stdout), []);
    assert.equal(gh.count(/\/commits\//), 0, 'no request was built from the bad sha');
  } finally {
    await gh.close();
  }
});

// --- A small monorepo: pull requests, pages and rate limits.
const SMALL_CONFIG = 'matrix: { file: m.yml }\nname: "{svc}"\nsources:\n  - paths: ["svc/{svc}/**"]\n';
const SMALL_MATRIX = 'include:\n  - { svc: a }\n  - { svc: b }\n';
let small, smallBase, smallHead;

before(() => {
  small = new GitRepo();
  smallBase = small.commit('base', { '.github/changed-backends.yml': SMALL_CONFIG, 'm.yml': SMALL_MATRIX });
  small.checkout('feature', true);
  const files = {};
  for (let i = 0; i < 44; i++) files[`docs/f${String(i).padStart(2, '0')}.txt`] = `${i}\n`;
  files['svc/b/main.go'] = 'package b\n';
  smallHead = small.commit('many', files);
});

after(() => small.remove());

function smallPull(gh, inputs = {}) {
  return runAction({ workspace: small.dir, apiUrl: gh.url, repository: `${OWNER}/${NAME}`, eventName: 'pull_request', event: pullEvent({ number: 7, base: smallBase, head: smallHead }), inputs });
}

test('a server that pages by 30 while 100 were asked is paged on to the end', async () => {
  const gh = await startFakeGitHub({ repo: small, owner: OWNER, name: NAME, pulls: { 7: { base: smallBase, head: smallHead } }, pageSize: 30 });
  try {
    const r = await smallPull(gh);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.outputs.get('reason'), 'filtered', r.stdout);
    assert.deepEqual(names(r), ['b'], 'svc/b/main.go is the 45th file, on the second page');
    assert.equal(gh.count(/\/pulls\/7\/files$/), 2);
  } finally {
    await gh.close();
  }
});

test('a file list that shifts between pages is not taken as complete', async () => {
  const gh = await startFakeGitHub({ repo: small, owner: OWNER, name: NAME, pulls: { 7: { base: smallBase, head: smallHead } }, pageSize: 30 });
  gh.shiftPages(5, 1);
  try {
    const r = await smallPull(gh);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.outputs.get('run-all'), 'true', r.stdout);
    assert.equal(r.outputs.get('reason'), 'truncated');
    assert.match(r.stdout, /40 distinct files were listed but the pull request changes 45/);
  } finally {
    await gh.close();
  }
});

test('a rename without previous_filename is a malformed answer', async () => {
  const gh = await startFakeGitHub({ repo: small, owner: OWNER, name: NAME, pulls: { 7: { base: smallBase, head: smallHead, changedFiles: 1 } } });
  gh.fault(/\/pulls\/7\/files$/, { status: 200, body: [{ filename: 'svc/b/moved.go', status: 'renamed' }] }, Infinity);
  try {
    const r = await smallPull(gh);
    assert.equal(r.outputs.get('reason'), 'api-error', r.stdout);
    assert.equal(r.outputs.get('run-all'), 'true');
    assert.match(r.stdout, /does not name its previous path/);
  } finally {
    await gh.close();
  }
});

test('a pull request head that moved away and back while its files were listed is not trusted', async () => {
  const gh = await startFakeGitHub({ repo: small, owner: OWNER, name: NAME, pulls: { 7: { base: smallBase, head: smallHead } } });
  // The first look at the pull shows another head; the second, the event's.
  gh.fault(/\/pulls\/7$/, { status: 200, body: { number: 7, head: { sha: smallBase }, base: { sha: smallBase }, changed_files: 45 } }, 1);
  try {
    const r = await smallPull(gh);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.outputs.get('reason'), 'filtered', r.stdout);
    assert.match(r.stdout, /moved on; compared base\.\.\.head of the event/);
    assert.equal(gh.count(/\/compare\//), 1, 'the event range was compared');
    assert.deepEqual(names(r), ['b']);
  } finally {
    await gh.close();
  }
});

test('integers too large for 64 bits and values nested without end in an answer are api-error, never a core failure', async () => {
  const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
  for (const previous of ['123456789012345678901234', deep]) {
    const gh = await startFakeGitHub({ repo: small, owner: OWNER, name: NAME, pulls: { 7: { base: smallBase, head: smallHead, changedFiles: 1 } } });
    gh.fault(/\/pulls\/7\/files$/, { raw: `[{"filename":"svc/b/moved.go","status":"renamed","previous_filename":${previous}}]` }, Infinity);
    try {
      const r = await smallPull(gh);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.equal(r.outputs.get('reason'), 'api-error', r.stdout);
      assert.doesNotMatch(r.stdout, /core failed/);
      assert.match(r.stdout, /malformed/);
    } finally {
      await gh.close();
    }
  }
});

test('an answer larger than 64 MiB, sent or once decompressed, is api-error without reading on', async () => {
  const { gzipSync } = await import('node:zlib');
  const huge = Buffer.alloc(65 * 1024 * 1024, 0x20);
  const cases = [
    { raw: huge },
    { raw: gzipSync(huge), headers: { 'content-encoding': 'gzip' } },
  ];
  for (const response of cases) {
    const gh = await startFakeGitHub({ repo: small, owner: OWNER, name: NAME, pulls: { 7: { base: smallBase, head: smallHead } } });
    gh.fault(/\/pulls\/7\/files$/, response, Infinity);
    try {
      const r = await smallPull(gh);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.equal(r.outputs.get('reason'), 'api-error', r.stdout);
      assert.match(r.stdout, /larger than 64 MiB/);
      assert.equal(gh.count(/\/pulls\/7\/files$/), 1, 'not retried');
    } finally {
      await gh.close();
    }
  }
});

test('a commit answer without its files list is api-error, not a commit that changed nothing', async () => {
  const gh = await startFakeGitHub({ repo: small, owner: OWNER, name: NAME });
  gh.fault(/\/commits\/[0-9a-f]{40}$/, { status: 200, body: { sha: smallHead, stats: { total: 1 } } }, Infinity);
  try {
    const many = {};
    for (let i = 0; i < 301; i++) many[`docs/many/f${i}.txt`] = `${i}\n`;
    small.checkout(smallHead);
    const head = small.commit('301 files', { ...many, 'svc/a/x.go': 'package a\n' });
    const r = await runAction({ workspace: small.dir, apiUrl: gh.url, repository: `${OWNER}/${NAME}`, eventName: 'push', event: pushEvent({ before: smallHead, after: head }) });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.outputs.get('reason'), 'api-error', r.stdout);
    assert.match(r.stdout, /commit files response is not a JSON array/);
  } finally {
    small.checkout('feature');
    await gh.close();
  }
});

test('an empty page of a commit\'s files that names a next page is malformed, not asked for again and again', async () => {
  const gh = await startFakeGitHub({ repo: small, owner: OWNER, name: NAME });
  gh.fault(/\/commits\/[0-9a-f]{40}$/, { raw: '{"files":[]}', headers: { link: '<http://127.0.0.1/next?page=2>; rel="next"' } }, Infinity);
  try {
    const many = {};
    for (let i = 0; i < 301; i++) many[`docs/empty/f${i}.txt`] = `${i}\n`;
    small.checkout(smallHead);
    const head = small.commit('301 files again', { ...many, 'svc/b/z.go': 'package b\n' });
    const r = await runAction({ workspace: small.dir, apiUrl: gh.url, repository: `${OWNER}/${NAME}`, eventName: 'push', event: pushEvent({ before: smallHead, after: head }) });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.outputs.get('reason'), 'api-error', r.stdout);
    assert.match(r.stdout, /empty page of a commit's files names a next page/);
    assert.equal(gh.count(/\/commits\/[0-9a-f]{40}$/), 1);
  } finally {
    small.checkout('feature');
    await gh.close();
  }
});

test('a commit\'s files paged shorter than asked are followed to the last page its links name', async () => {
  const gh = await startFakeGitHub({ repo: small, owner: OWNER, name: NAME, pageSize: 30 });
  try {
    const many = {};
    for (let i = 0; i < 960; i++) many[`docs/paged/f${String(i).padStart(3, '0')}.txt`] = `${i}\n`;
    small.checkout(smallHead);
    // svc/ sorts after docs/: the one changed service is on the last page.
    const head = small.commit('960 files and a service', { ...many, 'svc/a/y.go': 'package a\n' });
    const r = await runAction({ workspace: small.dir, apiUrl: gh.url, repository: `${OWNER}/${NAME}`, eventName: 'push', event: pushEvent({ before: smallHead, after: head }) });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.outputs.get('reason'), 'filtered', r.stdout);
    assert.deepEqual(names(r), ['a']);
    assert.equal(gh.count(/\/commits\/[0-9a-f]{40}$/), 33, '961 files in pages of 30: more pages than 3,000 files in pages of 100');
  } finally {
    small.checkout('feature');
    await gh.close();
  }
});

test('a 429 with retry-after inside the budget is retried after the given seconds', async () => {
  const gh = await startFakeGitHub({ repo: small, owner: OWNER, name: NAME, pulls: { 7: { base: smallBase, head: smallHead } } });
  gh.rateLimit(/\/pulls\/7$/, { status: 429, retryAfter: 3, times: 1 });
  try {
    const r = await smallPull(gh);
    assert.equal(r.outputs.get('reason'), 'filtered', r.stdout);
    assert.ok(r.ms >= 3000, `waited only ${r.ms} ms`);
  } finally {
    await gh.close();
  }
});

test('a 429 with retry-after beyond the budget stops at once with api-error', async () => {
  const gh = await startFakeGitHub({ repo: small, owner: OWNER, name: NAME, pulls: { 7: { base: smallBase, head: smallHead } } });
  gh.rateLimit(/\/pulls\/7$/, { status: 429, retryAfter: 600, times: Infinity });
  try {
    const r = await smallPull(gh);
    assert.equal(r.outputs.get('reason'), 'api-error', r.stdout);
    assert.equal(gh.count(/\/pulls\/7$/), 1, 'no retry at the client library\'s own pace');
    assert.match(r.stdout, /asks to wait 600 s/);
  } finally {
    await gh.close();
  }
});

// --- Workspaces built per test, no API.
function workspace(files) {
  const dir = mkdtempSync(join(tmpdir(), 'cb-hostile-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

test('output names that differ only in letter case are a config error', async () => {
  const dir = workspace({
    '.github/changed-backends.yml': 'matrix: { file: m.yml }\nname: "{svc}"\nsources:\n  - paths: ["svc/{svc}/**"]\noutputs: { name-flags: "{name}" }\n',
    'm.yml': 'include:\n  - { svc: api }\n  - { svc: HAS-ENTRIES }\n',
  });
  try {
    const r = await runAction({ workspace: dir, eventName: 'schedule', event: {} });
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /::error .*output \\"HAS-ENTRIES\\" collides with \\"has-entries\\"|output "HAS-ENTRIES" collides with "has-entries"/);
    assert.equal(r.outputs.size, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a FIFO as the event file or the matrix never blocks the step', async () => {
  const dir = workspace({ '.github/changed-backends.yml': 'matrix: { file: m.yml }\n', 'ok.yml': 'include: [{ a: 1 }]\n' });
  execFileSync('mkfifo', [join(dir, 'event.fifo')]);
  execFileSync('mkfifo', [join(dir, 'm.yml')]);
  try {
    writeFileSync(join(dir, '.github/changed-backends.yml'), 'matrix: { file: ok.yml }\n');
    const e = await runAction({ workspace: dir, eventName: 'push', env: { GITHUB_EVENT_PATH: join(dir, 'event.fifo') }, timeoutMs: 15_000 });
    assert.equal(e.code, 0, e.stdout + e.stderr);
    assert.equal(e.outputs.get('reason'), 'event-unreadable');

    writeFileSync(join(dir, '.github/changed-backends.yml'), 'matrix: { file: m.yml }\n');
    const m = await runAction({ workspace: dir, eventName: 'schedule', timeoutMs: 15_000 });
    assert.equal(m.code, 1, m.stdout + m.stderr);
    assert.match(m.stdout, /::error .*m\.yml.*is not a regular file/);

    const c = await runAction({ workspace: dir, eventName: 'schedule', inputs: { config: 'm.yml' }, timeoutMs: 15_000 });
    assert.equal(c.code, 1, c.stdout + c.stderr);
    assert.match(c.stdout, /::error::cannot read the config "m\.yml": "m\.yml" is not a regular file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('time inputs too large for a timer are refused, naming the input', async () => {
  const dir = workspace({ '.github/changed-backends.yml': 'matrix: { file: m.yml }\n', 'm.yml': 'include: [{ a: 1 }]\n' });
  try {
    for (const input of ['max-wait-seconds', 'request-timeout-seconds']) {
      const r = await runAction({ workspace: dir, eventName: 'schedule', inputs: { [input]: '2147484' } });
      assert.equal(r.code, 1, `${input}: ${r.stdout}`);
      assert.match(r.stdout, new RegExp(`::error::input ${input} must be a positive number of seconds up to 2147483`));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an unreadable matrix file is reported at the matrix.file key', async () => {
  const dir = workspace({ '.github/changed-backends.yml': '# matrix\nmatrix:\n  file: nope.yml\n' });
  try {
    const r = await runAction({ workspace: dir, eventName: 'schedule' });
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /::error [^\n]*file=\.github\/changed-backends\.yml,line=3,col=9[^\n]*::\.github\/changed-backends\.yml:3:9: the matrix file "nope\.yml" could not be read/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('working-directory cannot leave the workspace', async () => {
  const outer = workspace({ '.github/changed-backends.yml': 'matrix: { file: m.yml }\n', 'm.yml': 'include: [{ a: 1 }]\n' });
  const inner = join(outer, 'ws');
  mkdirSync(inner);
  try {
    const r = await runAction({ workspace: inner, eventName: 'schedule', inputs: { 'working-directory': '..' } });
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /::error::input working-directory must stay inside the workspace/);
    assert.equal(r.outputs.size, 0);
  } finally {
    rmSync(outer, { recursive: true, force: true });
  }
});

test('invalid UTF-8 in the matrix or the config is an error at its line and column', async () => {
  const dir = workspace({ '.github/changed-backends.yml': 'matrix: { file: m.yml }\n' });
  writeFileSync(join(dir, 'm.yml'), Buffer.concat([Buffer.from('include:\n  - { a: "x'), Buffer.from([0xff]), Buffer.from('" }\n')]));
  try {
    const m = await runAction({ workspace: dir, eventName: 'schedule' });
    assert.equal(m.code, 1, m.stdout);
    assert.match(m.stdout, /::error [^\n]*file=m\.yml,line=2,col=12[^\n]*invalid UTF-8 at byte offset 20/);

    writeFileSync(join(dir, '.github/changed-backends.yml'), Buffer.concat([Buffer.from('matrix: { file: m.yml }\n# caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    const c = await runAction({ workspace: dir, eventName: 'schedule' });
    assert.equal(c.code, 1, c.stdout);
    assert.match(c.stdout, /::error [^\n]*file=\.github\/changed-backends\.yml,line=2,col=6[^\n]*invalid UTF-8/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an event file over 25 MB is reported as too large, not as missing', async () => {
  const dir = workspace({ '.github/changed-backends.yml': 'matrix: { file: m.yml }\n', 'm.yml': 'include: [{ a: 1 }]\n' });
  try {
    const big = JSON.stringify({ pad: 'x'.repeat(26 * 1024 * 1024) });
    const r = await runAction({ workspace: dir, eventName: 'push', event: big });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.outputs.get('reason'), 'event-unreadable');
    assert.match(r.stdout, /::warning::.*over 25 MB/);
    assert.doesNotMatch(r.stdout, /missing or empty/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
