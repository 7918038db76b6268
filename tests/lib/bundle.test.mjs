// A browser app that bundles the packed library with esbuild, served on 127.0.0.1 and run in headless
// Chromium: the module URL comes from the `changed-backends/wasm` export, as the README's recipe says.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { ROOT, ensureLib } from './build.mjs';
import { serve } from '../playground/server.mjs';

const NPM_FLAGS = ['--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'];
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const APP = `
import { init, initSync, select, version } from 'changed-backends';
import wasmUrl from 'changed-backends/wasm';

const CONFIG = 'matrix: { file: m.yml }\\nname: "{service}"\\nsources:\\n  - paths: ["services/{service}/**"]\\n';
const MATRIX = 'include:\\n  - { service: api }\\n  - { service: web }\\n';

async function load(mode) {
  const url = new URL(wasmUrl, import.meta.url);
  if (mode === 'sync') initSync(await (await fetch(url)).arrayBuffer());
  else await init(url);
}

window.result = (async () => {
  const mode = new URLSearchParams(location.search).get('mode');
  await load(mode);
  const r = select({ config: CONFIG, matrix: MATRIX, files: ['services/web/index.js'] });
  return { mode, version: version(), decision: r.decision, names: r.partitions.flatMap((p) => p.entries.map((e) => e.name)) };
})().catch((err) => ({ error: String(err && err.message ? err.message : err) }));
`;

describe('bundled browser app', () => {
  let work;
  let server;
  let context;
  let profile;
  let bundleFiles;

  before(async () => {
    ensureLib();
    work = mkdtempSync(join(tmpdir(), 'changed-backends-bundle-'));
    const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' });
    const tarball = join(work, JSON.parse(out)[0].filename);
    const project = join(work, 'app');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    execFileSync('npm', ['install', ...NPM_FLAGS, tarball], { cwd: project, encoding: 'utf8' });
    writeFileSync(join(project, 'app.js'), APP);
    writeFileSync(join(project, 'index.html'), '<!doctype html><meta charset="utf-8"><title>app</title><script type="module" src="./out/app.js"></script>\n');
    await build({
      absWorkingDir: project,
      entryPoints: ['app.js'],
      outdir: 'out',
      bundle: true,
      format: 'esm',
      platform: 'browser',
      loader: { '.wasm': 'file' },
      logLevel: 'error',
    });
    bundleFiles = readdirSync(join(project, 'out'));
    server = await serve(project);
    profile = mkdtempSync(join(tmpdir(), 'changed-backends-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  after(async () => {
    await context?.close();
    await server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function runApp(query) {
    const page = await context.newPage();
    const failures = [];
    page.on('pageerror', (err) => failures.push(err.message));
    page.on('response', (res) => {
      if (res.status() >= 400) failures.push(`${res.status()} ${res.url()}`);
    });
    await page.goto(`${server.url}index.html${query}`);
    const result = await page.evaluate(() => window.result);
    await page.close();
    return { result, failures };
  }

  test('esbuild emits the browser entry and copies the .wasm as an asset', () => {
    assert.ok(bundleFiles.includes('app.js'), bundleFiles.join(', '));
    assert.equal(bundleFiles.filter((f) => f.endsWith('.wasm')).length, 1, bundleFiles.join(', '));
    const wasm = bundleFiles.find((f) => f.endsWith('.wasm'));
    const shipped = readFileSync(join(ROOT, 'build', 'lib', 'wasm', 'changed_backends_bg.wasm'));
    assert.ok(readFileSync(join(work, 'app', 'out', wasm)).equals(shipped), 'the asset is not the packaged module');
  });

  test('init(wasmUrl) then select() in Chromium selects the changed service', async () => {
    const { result, failures } = await runApp('');
    assert.deepEqual(failures, []);
    assert.equal(result.error, undefined, result.error);
    assert.equal(result.version, JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    assert.equal(result.decision, 'filtered');
    assert.deepEqual(result.names, ['web']);
  });

  test('initSync(bytes) works the same', async () => {
    const { result, failures } = await runApp('?mode=sync');
    assert.deepEqual(failures, []);
    assert.equal(result.error, undefined, result.error);
    assert.equal(result.mode, 'sync');
    assert.deepEqual(result.names, ['web']);
  });
});
