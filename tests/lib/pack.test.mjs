// The npm package as users get it: packed, installed offline into an empty project, used from Node.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, ensureLib, readLocalaiMatrix } from './build.mjs';

const NPM_FLAGS = ['--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'];

describe('npm package', () => {
  let work;
  let project;
  let packed;

  before(() => {
    ensureLib();
    work = mkdtempSync(join(tmpdir(), 'changed-backends-pack-'));
    // prepack would rebuild the wasm with cargo; build/lib/ is already built above.
    const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' });
    packed = JSON.parse(out)[0];
    project = join(work, 'consumer');
    execFileSync('mkdir', ['-p', project]);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    execFileSync('npm', ['install', ...NPM_FLAGS, join(work, packed.filename)], { cwd: project, encoding: 'utf8' });
  });
  after(() => work && rmSync(work, { recursive: true, force: true }));

  test('the tarball holds the library, the wasm once, the types and the CLI', () => {
    const files = packed.files.map((f) => f.path);
    for (const f of ['build/lib/node/index.js', 'build/lib/web/index.js', 'build/lib/index.d.ts', 'build/lib/wasm/changed_backends_bg.wasm', 'js/cli/main.js', 'package.json', 'LICENSE', 'README.md']) {
      assert.ok(files.includes(f), `${f} missing from ${files.join(', ')}`);
    }
    assert.equal(files.filter((f) => f.endsWith('.wasm')).length, 1);
    assert.ok(!files.some((f) => f.startsWith('src/') || f.startsWith('tests/')), 'sources leaked into the package');
  });

  test('select() on the LocalAI example: a vllm file selects exactly vllm\'s entries', () => {
    const fixtures = join(ROOT, 'tests', 'fixtures', 'localai');
    const script = `
      import { readFileSync } from 'node:fs';
      import { select, explain, version } from 'changed-backends';
      const result = select({
        config: readFileSync(${JSON.stringify(join(ROOT, 'examples', 'localai', 'changed-backends.yml'))}, 'utf8'),
        matrix: readFileSync(${JSON.stringify(join(fixtures, 'backend-matrix.yml'))}, 'utf8'),
        files: ['backend/python/vllm/backend.py'],
      });
      console.log(JSON.stringify({ version: version(), result, text: explain(result) }));
    `;
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: project, encoding: 'utf8' }));
    assert.equal(typeof out.version, 'string');
    const { result } = out;
    assert.deepEqual(result.errors, []);
    assert.equal(result.decision, 'filtered');
    const selected = result.partitions.flatMap((p) => p.entries);
    const expected = readLocalaiMatrix(readFileSync(join(fixtures, 'backend-matrix.yml'), 'utf8')).filter((e) => e.fields.backend === 'vllm');
    assert.deepEqual(selected.map((e) => e.line).sort((a, b) => a - b), expected.map((e) => e.line));
    for (const entry of selected) {
      assert.equal(entry.name, 'vllm');
      assert.ok(entry.why.some((w) => w.file === 'backend/python/vllm/backend.py'), JSON.stringify(entry.why));
    }
    assert.match(out.text, /backend\/python\/vllm\/backend\.py/);
    const outputs = Object.fromEntries(result.outputs);
    assert.equal(outputs['run-all'], 'false');
    assert.equal(outputs.vllm, 'true');
    assert.equal(outputs.diffusers, 'false');
  });

  test('the browser entry loads from bytes too', () => {
    const script = `
      import { readFileSync } from 'node:fs';
      import { createRequire } from 'node:module';
      import init, { version, validate } from 'changed-backends/build/lib/web/index.js';
      const require = createRequire(import.meta.url);
      const dir = require.resolve('changed-backends/package.json').replace(/package\\.json$/, '');
      let early = '';
      try { version(); } catch (err) { early = err.message; }
      await init(readFileSync(dir + 'build/lib/wasm/changed_backends_bg.wasm'));
      const checked = validate({ config: 'matrix:\\n  file: m.yml\\n  bogus: 1\\n' });
      console.log(JSON.stringify({ early, version: version(), checked }));
    `;
    // The package exports only ".", so reach the file through its path instead.
    const path = join(project, 'node_modules', 'changed-backends', 'build', 'lib', 'web', 'index.js');
    const out = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', script.replace("'changed-backends/build/lib/web/index.js'", JSON.stringify(path))], { cwd: project, encoding: 'utf8' }),
    );
    assert.match(out.early, /init\(\)/);
    assert.equal(typeof out.version, 'string');
    assert.equal(out.checked.errors.length, 1);
    assert.equal(out.checked.errors[0].line, 3);
  });

  test('build/lib/index.d.ts type-checks a consumer\'s TypeScript', (t) => {
    const tsc = join(ROOT, 'node_modules', '.bin', 'tsc');
    if (!existsSync(tsc)) {
      t.skip('typescript is not installed (npm install)');
      return;
    }
    copyFileSync(join(ROOT, 'tests', 'lib', 'usage.ts.txt'), join(project, 'usage.ts'));
    const compilerOptions = { strict: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022', 'dom'], types: [], noEmit: true };
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['usage.ts'] }));
    try {
      execFileSync(tsc, ['-p', project], { cwd: project, encoding: 'utf8' });
    } catch (err) {
      assert.fail(`tsc reported:\n${err.stdout}${err.stderr}`);
    }
  });

  test('CommonJS code can require() it (Node 20.19+ loads ES modules synchronously)', () => {
    const out = execFileSync(process.execPath, ['-e', "const cb = require('changed-backends'); console.log(typeof cb.select, cb.version())"], { cwd: project, encoding: 'utf8' });
    assert.match(out, /^function \S+/);
  });

  test('the licence ships, and package.json says where the project lives', () => {
    const installed = join(project, 'node_modules', 'changed-backends');
    assert.match(readFileSync(join(installed, 'LICENSE'), 'utf8'), /^MIT License\n\nCopyright \(c\) The changed-backends authors\n/);
    const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    assert.equal(pkg.license, 'MIT');
    assert.match(pkg.repository.url, /^git\+https:\/\/github\.com\/.+\.git$/);
    assert.match(pkg.homepage, /^https:\/\//);
    assert.match(pkg.bugs.url, /^https:\/\//);
    assert.ok(pkg.keywords.length > 0);
    assert.ok(Array.isArray(pkg.sideEffects), 'the Node entry loads the core at import: it must not be tree-shaken away');
    assert.ok(pkg.sideEffects.includes('./build/lib/node/index.js'));
  });

  test('the ./web, ./node and ./wasm exports resolve; ./wasm is the module itself', () => {
    const script = `
      import { readFileSync } from 'node:fs';
      import { fileURLToPath } from 'node:url';
      const web = await import('changed-backends/web');
      const node = await import('changed-backends/node');
      const wasm = fileURLToPath(import.meta.resolve('changed-backends/wasm'));
      const bytes = readFileSync(wasm);
      web.initSync(bytes);
      node.initSync();
      console.log(JSON.stringify({
        magic: bytes.subarray(0, 4).toString('hex'),
        web: web.version(), node: node.version(),
        valid: WebAssembly.validate(bytes),
        fns: [typeof web.init, typeof web.initSync, typeof node.init, typeof node.initSync],
      }));
    `;
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: project, encoding: 'utf8' }));
    assert.equal(out.magic, '0061736d');
    assert.equal(out.valid, true);
    assert.equal(out.web, out.node);
    assert.deepEqual(out.fns, ['function', 'function', 'function', 'function']);
  });

  test('engines names the Node versions whose require() loads ES modules', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    assert.equal(pkg.engines.node, '^20.19.0 || >=22.12.0');
  });

  test('the installed bin runs', () => {
    const bin = join(project, 'node_modules', '.bin', 'changed-backends');
    const out = execFileSync(bin, ['--version'], { cwd: project, encoding: 'utf8' });
    assert.match(out.trim(), /\S/);
  });
});
