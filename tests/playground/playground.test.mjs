// The playground in headless Chromium: LocalAI preset, live results, errors pinned to lines, phone width.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT, readLocalaiMatrix } from '../lib/build.mjs';
import { buildPlayground } from '../../js/scripts/build-playground.mjs';
import { serve } from './server.mjs';

const ARTIFACTS = join(ROOT, 'tests', 'artifacts');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const VLLM_FILE = 'backend/python/vllm/backend.py';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

describe('playground', () => {
  let site;
  let server;
  let context;
  let page;
  let profile;

  before(async () => {
    site = buildPlayground(join('build', 'test-site'));
    server = await serve(site);
    profile = mkdtempSync(join(tmpdir(), 'changed-backends-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 800 },
    });
    page = await context.newPage();
    const failures = [];
    page.on('pageerror', (err) => failures.push(err.message));
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
    assert.deepEqual(failures, []);
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  after(async () => {
    await context?.close();
    await server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  test('LocalAI preset: a vllm file selects exactly vllm\'s entries, with the file and rule', async () => {
    await page.selectOption('#preset', 'localai');
    await page.selectOption('#event', 'files');
    await page.fill('#files', VLLM_FILE);
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('tr.entry')];
      return rows.length > 0 && rows.every((r) => r.dataset.name === 'vllm');
    });
    const rows = await page.$$eval('tr.entry', (trs) => trs.map((tr) => ({ line: Number(tr.dataset.line), name: tr.dataset.name, why: tr.querySelector('.why').textContent })));
    const matrix = readFileSync(join(ROOT, 'tests', 'fixtures', 'localai', 'backend-matrix.yml'), 'utf8');
    const expected = readLocalaiMatrix(matrix).filter((e) => e.fields.backend === 'vllm').map((e) => e.line);
    assert.deepEqual(rows.map((r) => r.line).sort((a, b) => a - b), expected);
    for (const row of rows) assert.ok(row.why.includes(VLLM_FILE), row.why);
    const verdict = await page.$eval('.verdict', (v) => ({ decision: v.dataset.decision, reason: v.dataset.reason }));
    assert.deepEqual(verdict, { decision: 'filtered', reason: 'filtered' });
    await page.screenshot({ path: join(ARTIFACTS, 'playground.png') });
  });

  test('a push with baseline last-success is compared with the simulated last successful run', async () => {
    await page.selectOption('#preset', 'localai');
    await page.selectOption('#event', 'push-last-success');
    await page.fill('#files', VLLM_FILE);
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('tr.entry')];
      return /last successful run #41/.test(document.querySelector('.verdict')?.textContent ?? '')
        && rows.length > 0 && rows.every((r) => r.dataset.name === 'vllm');
    });
    const verdict = await page.$eval('.verdict', (v) => ({ decision: v.dataset.decision, reason: v.dataset.reason }));
    assert.deepEqual(verdict, { decision: 'filtered', reason: 'filtered' });
    const names = await page.$$eval('tr.entry', (trs) => [...new Set(trs.map((tr) => tr.dataset.name))]);
    assert.deepEqual(names, ['vllm']);
    await page.selectOption('#event', 'files');
  });

  test('recompute time on LocalAI\'s matrix (measured, not asserted)', async () => {
    // Two kinds of edit: the files pane (the compiled config and matrix are
    // reused) and the matrix pane (a trailing comment changes the text, so
    // the whole matrix is parsed and compiled again).
    const times = await page.evaluate(() => {
      const matrix = document.getElementById('matrix');
      const files = document.getElementById('files');
      const original = { matrix: matrix.value, files: files.value };
      const filesEdits = Array.from({ length: 21 }, (_, i) => {
        files.value = `${original.files}\nbackend/python/vllm/edit-${i}.py`;
        return window.playground.recompute();
      });
      const matrixEdits = Array.from({ length: 21 }, (_, i) => {
        matrix.value = `${original.matrix}\n# edit ${i}\n`;
        return window.playground.recompute();
      });
      matrix.value = original.matrix;
      files.value = original.files;
      window.playground.recompute();
      return { filesEdits, matrixEdits };
    });
    const summary = (ts) => ({ runs: ts.length, medianTotalMs: median(ts.map((t) => t.total)), medianCoreMs: median(ts.map((t) => t.core)) });
    const report = { filesEdit: summary(times.filesEdits), matrixEdit: summary(times.matrixEdits) };
    writeFileSync(join(ARTIFACTS, 'playground-timing.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log(`playground recompute on LocalAI: files edit median ${report.filesEdit.medianTotalMs.toFixed(1)} ms, matrix edit median ${report.matrixEdit.medianTotalMs.toFixed(1)} ms`);
  });

  test('the state survives as a link', async () => {
    await page.waitForFunction(() => location.hash.length > 3);
    const link = page.url();
    const other = await context.newPage();
    await other.goto(link);
    await other.waitForSelector('body[data-ready="true"]');
    assert.equal(await other.inputValue('#files'), VLLM_FILE);
    assert.equal(await other.$eval('#preset', (s) => s.value), 'localai');
    assert.equal(await other.locator('tr.entry').count(), await page.locator('tr.entry').count());
    await other.close();
  });

  test('a broken config shows its line, and selecting the error moves the caret there', async () => {
    const config = await page.inputValue('#config');
    const lines = config.split('\n');
    const at = lines.findIndex((l) => l.startsWith('identity:'));
    lines[at] = 'identity: [tag-suffix, platform-tag]]';
    await page.fill('#config', lines.join('\n'));
    const problem = page.locator('button.problem').first();
    await problem.waitFor();
    const line = Number(await problem.getAttribute('data-line'));
    assert.equal(line, at + 1, await problem.textContent());
    assert.match(await problem.textContent(), new RegExp(`changed-backends\\.yml:${at + 1}:\\d+`));
    await problem.focus();
    await page.keyboard.press('Enter');
    const caret = await page.$eval('#config', (t) => ({ focused: document.activeElement === t, line: t.value.slice(0, t.selectionStart).split('\n').length }));
    assert.deepEqual(caret, { focused: true, line: at + 1 });
    await page.fill('#config', config);
    await page.waitForSelector('.verdict[data-decision="filtered"]');
  });

  test('the controls are reachable with the keyboard, in order', async () => {
    // Clicking the heading puts the sequential focus starting point at the top of the page.
    await page.click('h1');
    const order = [];
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      order.push(await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName));
    }
    const expected = ['preset', 'event', 'force-all', 'share', 'matrix', 'config', 'files'];
    const seen = order.filter((id) => expected.includes(id));
    assert.deepEqual(seen.slice(0, expected.length).filter((id) => id !== 'force-all'), expected.filter((id) => id !== 'force-all'));
  });

  test('no horizontal overflow at phone width', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(100);
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    assert.ok(widths.scroll <= widths.inner, `page is ${widths.scroll}px wide at ${widths.inner}px`);
    await page.screenshot({ path: join(ARTIFACTS, 'playground-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
