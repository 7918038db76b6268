// Hostile YAML through the WebAssembly build under Node: every input ends in
// a positioned problem of the right kind, never a trap or a hang. Durations
// are printed for the record, not asserted (the timeout only guards hangs).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, ensureLib } from './build.mjs';

const CONFIG = 'matrix: { file: m.yml, lists: [include] }\nsources:\n  - paths: ["svc/{svc}/**"]\n';

function laughs() {
  let s = 'a: &a [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 0; i < 9; i++) {
    const prev = String.fromCharCode(97 + i);
    const next = String.fromCharCode(98 + i);
    s += `${next}: &${next} [${Array(10).fill(`*${prev}`).join(', ')}]\n`;
  }
  return `include: []\n${s}`;
}

const CASES = [
  { name: 'billion laughs', matrix: laughs(), kind: 'limit' },
  { name: '10,000 nested sequences', matrix: `include: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`, kind: 'limit' },
  { name: '10 MB file', matrix: `include:\n${'  - {svc: a}\n'.repeat(900_000)}`, kind: 'limit', line: 1 },
  { name: 'duplicate keys', matrix: 'include:\n  - svc: a\n    svc: b\n', kind: 'syntax', line: 3 },
  { name: 'tab-indented', matrix: 'include:\n\t- svc: a\n', kind: 'syntax', line: 2 },
];

let lib;
before(async () => {
  ensureLib();
  lib = await import(join(ROOT, 'build', 'lib', 'node', 'index.js'));
});

for (const c of CASES) {
  test(`${c.name}: a positioned ${c.kind} problem from the wasm build`, { timeout: 30_000 }, () => {
    assert.ok(c.name !== '10 MB file' || c.matrix.length > 10_000_000);
    const start = performance.now();
    const result = lib.validate({ config: { path: 'cfg.yml', text: CONFIG }, matrix: { path: 'm.yml', text: c.matrix } });
    const ms = performance.now() - start;
    console.log(`${c.name}: ${ms.toFixed(1)} ms`);
    assert.equal(result.errors.length, 1, JSON.stringify(result));
    const [p] = result.errors;
    assert.equal(p.kind, c.kind, p.message);
    assert.equal(p.file, 'm.yml');
    assert.ok(p.line >= 1 && p.column >= 1);
    if (c.line) assert.equal(p.line, c.line, p.message);
    assert.ok(p.hint.length > 0);
  });
}
