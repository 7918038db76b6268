// The generated declarations (js/lib/types.generated.d.ts) against what the
// WebAssembly core really returns and takes (the example configs, the inputs
// of plan and decide): each value is written as an object literal
// of its declared type and type-checked by tsc, so a missing required key, an
// undeclared key (excess property check) or a wrong literal fails.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { ROOT, ensureLib } from './build.mjs';

const TSC = join(ROOT, 'node_modules', '.bin', 'tsc');

/** tsc's complaints about `values` (pairs of declared type name and value); '' when none. */
function typeErrors(values) {
  const dir = mkdtempSync(join(tmpdir(), 'cb-types-'));
  try {
    copyFileSync(join(ROOT, 'js', 'lib', 'types.generated.d.ts'), join(dir, 'types.generated.d.ts'));
    const names = [...new Set(values.map(([name]) => name))];
    const body = values.map(([name, value], i) => `export const v${i}: ${name} = ${JSON.stringify(value)};`).join('\n');
    writeFileSync(join(dir, 'values.ts'), `import type { ${names.join(', ')} } from './types.generated.js';\n${body}\n`);
    const compilerOptions = { strict: true, exactOptionalPropertyTypes: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', types: [], noEmit: true };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['values.ts'] }));
    try {
      execFileSync(TSC, ['-p', dir], { cwd: dir, encoding: 'utf8' });
      return '';
    } catch (err) {
      return `${err.stdout}${err.stderr}`;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const SHA_A = '1'.repeat(40);
const SHA_B = '2'.repeat(40);
const CONFIG = `matrix: { file: m.yml }
name: "{svc}"
sources:
  - paths: ["svc/{svc}/**"]
shared:
  - files: [p/a.proto]
    select: all
    unless: proto-additive
`;
const MATRIX = 'include:\n  - {svc: a}\n  - {svc: b}\n';
const PUSH = JSON.stringify({ ref: 'refs/heads/main', before: SHA_A, after: SHA_B, repository: { name: 'r', owner: { login: 'o' } } });

let lib;
const values = [];
before(async () => {
  ensureLib();
  lib = await import(join(ROOT, 'build', 'lib', 'node', 'index.js'));
});

const conforms = (name, value) => values.push([name, value]);

test('plan() returns a PlanResult: workspace reads without a repository, API requests with one', () => {
  const local = lib.plan({ config: { path: 'c.yml', text: CONFIG } });
  assert.equal(local.requests[0].kind, 'read');
  conforms('PlanResult', local);
  const api = lib.plan({ config: { path: 'c.yml', text: CONFIG }, matrix: { text: MATRIX }, event: { name: 'push', payload: PUSH } });
  assert.equal(api.requests[0].kind, 'compare');
  assert.equal(api.requests[0].owner, 'o');
  conforms('PlanResult', api);
});

test('decide() returns a Result, filtered, run-all and error alike', () => {
  const filtered = lib.decide({ config: { path: 'c.yml', text: CONFIG }, matrix: { text: MATRIX }, changes: { files: [{ filename: 'svc/a/x' }] } });
  assert.equal(filtered.decision, 'filtered');
  assert.ok(filtered.partitions[0].entries[0].why[0].file, 'a why with its file');
  conforms('Result', filtered);
  const runAll = lib.decide({ config: { path: 'c.yml', text: CONFIG }, matrix: { text: MATRIX }, event: { name: 'schedule', payload: '{}' } });
  assert.equal(runAll.partitions[0].entries[0].why[0].file, undefined, 'a why without a file');
  conforms('Result', runAll);
  const error = lib.decide({ config: { path: 'c.yml', text: 'matrix: [' } });
  assert.equal(error.reason, '');
  conforms('Result', error);
});

test('validate() and lint() return what their declarations say', () => {
  conforms('ValidateResult', lib.validate({ config: CONFIG }));
  conforms('ValidateResult', lib.validate({ config: CONFIG, matrix: MATRIX }));
  const linted = lib.lint({ config: CONFIG, matrix: MATRIX, files: ['svc/a/x', 'docs/y'] });
  assert.ok(linted.findings.length > 0);
  conforms('LintResult', linted);
});

test('parseChanges() returns File objects', () => {
  for (const file of lib.parseChanges('M\ta\nR100\tb\tc\n')) conforms('File', file);
});

test('the example configs, read as YAML, are Config values the core accepts', () => {
  for (const path of ['examples/basic/changed-backends.yml', 'examples/localai/changed-backends.yml', null]) {
    const text = path ? readFileSync(join(ROOT, path), 'utf8') : CONFIG;
    assert.deepEqual(lib.validate({ config: text }).errors, [], path ?? 'CONFIG');
    conforms('Config', parseYaml(text));
  }
});

test('plan() and decide() take Input values: an event with its answers, a failed answer, a list of changes', () => {
  const input = { config: { path: 'c.yml', text: CONFIG }, matrix: { text: MATRIX }, event: { name: 'push', payload: PUSH, forceAll: false, repository: 'o/r' }, baseline: { mode: 'event' } };
  const [compare] = lib.plan(input).requests;
  assert.equal(compare.kind, 'compare');
  const answered = { ...input, responses: [{ id: compare.id, ok: true, data: { status: 'ahead', totalCommits: 1, files: [{ filename: 'svc/b/y', status: 'modified' }] } }] };
  const filtered = lib.decide(answered);
  assert.equal(filtered.decision, 'filtered');
  assert.deepEqual(filtered.partitions[0].entries.map((e) => e.name), ['b']);
  conforms('Input', answered);
  const failed = { ...input, responses: [{ id: compare.id, ok: false, error: { kind: 'network', message: 'connection reset' } }] };
  assert.equal(lib.decide(failed).reason, 'api-error');
  conforms('Input', failed);
  const listed = { config: { path: 'c.yml', text: CONFIG }, matrix: { text: MATRIX }, changes: { files: [{ filename: 'svc/a/x' }] }, eventSize: 0 };
  assert.equal(lib.decide(listed).decision, 'filtered');
  conforms('Input', listed);
});

/** Shapes the declarations reject, each with the reason; the config ones the core rejects too. */
const WRONG_CONFIGS = [
  { matrix: { file: 'm.yml' }, unwatched: 'ignore' },
  { matrix: { file: 'm.yml' }, shared: [{ files: 'a', select: 'some' }] },
  { matrix: { file: 'm.yml' }, partitions: [{ id: 'a', matrix: 'm' }] },
];
const WRONG_INPUTS = [
  { config: { path: 'c.yml', text: CONFIG }, event: { name: 'push', payload: '', forceAll: 'yes' } },
  { config: { path: 'c.yml', text: CONFIG }, baseline: { mode: 'sometimes' } },
];

test('the core rejects the wrong configs the declarations reject', () => {
  for (const config of WRONG_CONFIGS) assert.notDeepEqual(lib.validate({ config: toYaml(config) }).errors, [], JSON.stringify(config));
});

test('every value above type-checks as its declared type, and a wrong shape does not', (t) => {
  if (!existsSync(TSC)) {
    t.skip('typescript is not installed (npm install)');
    return;
  }
  assert.ok(values.length >= 15, 'the tests above collected their values');
  assert.equal(typeErrors(values), '');
  // One wrong value per line (2 to 5): each line must be reported.
  const wrong = typeErrors([
    ['Why', { rule: 'r', extra: 1 }],
    ['Why', { file: 'f' }],
    ['Why', { rule: 'r', file: null }],
    ['Decision', 'maybe'],
    ...WRONG_CONFIGS.map((config) => ['Config', config]),
    ...WRONG_INPUTS.map((input) => ['Input', input]),
  ]);
  const lines = Array.from({ length: 4 + WRONG_CONFIGS.length + WRONG_INPUTS.length }, (_, i) => i + 2);
  for (const line of lines) assert.match(wrong, new RegExp(`values\\.ts\\(${line},`), wrong);
});
