// The LocalAI example workflow's wiring, read as text (no YAML dependency):
// every output it passes on is one the action writes under the same name,
// every one it reads is declared, and the aggregator waits for every job,
// so a shard cannot be forgotten by the required check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/run-action.mjs';
import { FIXED_OUTPUTS } from '../support/localai-expect.mjs';

const text = readFileSync(join(ROOT, 'examples', 'localai', 'workflow.yml'), 'utf8');
const jobsText = text.slice(text.indexOf('\njobs:\n'));
const jobs = [...jobsText.matchAll(/^ {2}([\w-]+):$/gm)].map((m) => m[1]);

/** The lines of one job's body. */
function jobBody(name) {
  const start = jobsText.indexOf(`\n  ${name}:\n`);
  const rest = jobsText.slice(start + name.length + 5);
  const end = rest.search(/^ {2}[\w#-]/m);
  return end < 0 ? rest : rest.slice(0, end);
}

test('generate-matrix passes on the action outputs under their own names', () => {
  const declared = [...jobBody('generate-matrix').matchAll(/^ {6}([\w-]+): \$\{\{ steps\.select\.outputs\.([\w-]+) \}\}$/gm)];
  assert.ok(declared.length > 0);
  for (const [, name, from] of declared) {
    assert.equal(name, from);
    assert.ok(FIXED_OUTPUTS.includes(name), `${name} is an output of the action`);
  }
  const names = declared.map((m) => m[1]);
  const used = new Set([...text.matchAll(/needs\.generate-matrix\.outputs\.([\w-]+)/g)].map((m) => m[1]));
  for (const u of used) assert.ok(names.includes(u), `${u} is declared by generate-matrix`);
  for (const n of [1, 2, 3, 4]) {
    for (const o of [`matrix-singlearch-${n}`, `merge-matrix-singlearch-${n}`, `has-backends-singlearch-${n}`, `has-merges-singlearch-${n}`]) {
      assert.ok(used.has(o), `${o} is used by a job`);
    }
  }
});

test('every shard has a build and a merge job', () => {
  for (const n of [1, 2, 3, 4]) {
    assert.match(jobBody(`backend-jobs-singlearch-${n}`), new RegExp(`matrix: \\$\\{\\{ fromJSON\\(needs\\.generate-matrix\\.outputs\\.matrix-singlearch-${n}\\) \\}\\}`));
    const merge = jobBody(`backend-merge-jobs-singlearch-${n}`);
    assert.match(merge, new RegExp(`needs: \\[generate-matrix, backend-jobs-singlearch-${n}\\]`));
    assert.match(merge, new RegExp(`outputs\\.merge-matrix-singlearch-${n}\\)`));
  }
  assert.doesNotMatch(text, /same pattern/i);
});

test('the aggregator needs every other job', () => {
  const body = jobBody('backends-done');
  const needs = [...body.slice(body.indexOf('needs:')).matchAll(/^ {6}- ([\w-]+)$/gm)].map((m) => m[1]);
  assert.deepEqual([...needs].sort(), jobs.filter((j) => j !== 'backends-done').sort());
});

test('the step compares with the last success and the workflow may list its runs', () => {
  const permissions = text.slice(text.indexOf('\npermissions:\n'), text.indexOf('\njobs:\n'));
  assert.match(permissions, /^ {2}actions: read\b/m);
  assert.match(jobBody('generate-matrix'), /^ {10}baseline: last-success$/m);
  const action = readFileSync(join(ROOT, 'action.yml'), 'utf8');
  assert.match(action, /^ {2}baseline:$/m, 'baseline is an input of the action');
});
