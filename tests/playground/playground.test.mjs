// The playground in headless Chromium: the code editors, live results, errors as markers on their line, links, phone width.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT, readLocalaiMatrix } from '../lib/build.mjs';
import { buildPlayground } from '../../js/scripts/build-playground.mjs';
import { serve } from './server.mjs';
import { decodeState } from '../../js/playground/share.js';

const ARTIFACTS = join(ROOT, 'tests', 'artifacts');
/** Screenshots the README shows. */
const DOCS = join(ROOT, 'docs');
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
    site = await buildPlayground(join('build', 'test-site'));
    server = await serve(site);
    profile = mkdtempSync(join(tmpdir(), 'changed-backends-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 800 },
    });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url.replace(/\/$/, '') });
    page = await context.newPage();
    const failures = [];
    page.on('pageerror', (err) => failures.push(err.message));
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
    assert.deepEqual(failures, []);
    mkdirSync(ARTIFACTS, { recursive: true });
    mkdirSync(DOCS, { recursive: true });
  });

  after(async () => {
    await context?.close();
    await server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  /** The text of one editor pane. */
  const paneText = (p, name) => p.evaluate((n) => window.playground.editors[n].value, name);
  /** The 1-based line and focus of an editor's caret. */
  const caretOf = (p, name) =>
    p.evaluate((n) => {
      const { view } = window.playground.editors[n];
      return { focused: view.hasFocus, line: view.state.doc.lineAt(view.state.selection.main.head).number };
    }, name);

  test('typing in the changed-files editor recomputes: a vllm file selects exactly vllm\'s entries, with the file and rule', async () => {
    await page.selectOption('#preset', 'localai');
    await page.selectOption('#event', 'files');
    await page.click('#files');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(VLLM_FILE);
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('tr.entry')];
      return rows.length > 0 && rows.every((r) => r.dataset.name === 'vllm');
    });
    assert.equal(await paneText(page, 'files'), VLLM_FILE);
    const rows = await page.$$eval('tr.entry', (trs) => trs.map((tr) => ({ line: Number(tr.dataset.line), name: tr.dataset.name, why: tr.querySelector('.why').textContent })));
    const matrix = readFileSync(join(ROOT, 'tests', 'fixtures', 'localai', 'backend-matrix.yml'), 'utf8');
    const expected = readLocalaiMatrix(matrix).filter((e) => e.fields.backend === 'vllm').map((e) => e.line);
    assert.deepEqual(rows.map((r) => r.line).sort((a, b) => a - b), expected);
    for (const row of rows) assert.ok(row.why.includes(VLLM_FILE), row.why);
    const verdict = await page.$eval('.verdict', (v) => ({ decision: v.dataset.decision, reason: v.dataset.reason }));
    assert.deepEqual(verdict, { decision: 'filtered', reason: 'filtered' });
    // The line numbers and YAML highlighting are CodeMirror's own DOM.
    assert.ok((await page.locator('#matrix-editor .cm-lineNumbers .cm-gutterElement').count()) > 10);
    assert.ok((await page.locator('#config-editor .cm-content span[class]').count()) > 0, 'the config is highlighted');
    // An entry's line link puts the matrix editor's caret on that entry.
    await page.click(`tr.entry[data-line="${expected[0]}"] button.linkish`);
    assert.deepEqual(await caretOf(page, 'matrix'), { focused: true, line: expected[0] });
    await page.click('h1');
    await page.screenshot({ path: join(DOCS, 'playground.png') });
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
      const { matrix, files } = window.playground.editors;
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
    await page.selectOption('#event', 'pull_request');
    // The hash is written a moment after each recompute, and an earlier
    // edit's write may still be pending: wait for the one that holds this event.
    let link = '';
    for (let tries = 0; tries < 100; tries++) {
      const url = page.url();
      const saved = await decodeState(new URL(url).hash);
      if (saved && saved.event === 'pull_request') {
        link = url;
        break;
      }
      await page.waitForTimeout(50);
    }
    assert.ok(link, 'the link never recorded the pull_request event');
    const other = await context.newPage();
    await other.goto(link);
    await other.waitForSelector('body[data-ready="true"]');
    assert.equal(await paneText(other, 'files'), VLLM_FILE);
    assert.equal(await paneText(other, 'config'), await paneText(page, 'config'));
    assert.equal(await other.$eval('#preset', (s) => s.value), 'localai');
    assert.equal(await other.$eval('#event', (s) => s.value), 'pull_request');
    assert.equal(await other.isVisible('#notice'), false);
    assert.equal(await other.locator('tr.entry').count(), await page.locator('tr.entry').count());
    await other.close();
    await page.selectOption('#event', 'files');
    await page.waitForSelector('.verdict[data-decision="filtered"]');
  });

  test('an unreadable link says so instead of silently showing the default', async () => {
    // Cut short, not an object, no known prefix; each in a fresh page.
    for (const hash of ['#z.bm90LWRlZmxhdGU', '#b.WzEsMl0', '#garbage']) {
      const other = await context.newPage();
      try {
        await other.goto(`${server.url}${hash}`);
        await other.waitForSelector('body[data-ready="true"]');
        const notice = other.locator('#notice');
        assert.equal(await notice.isVisible(), true, hash);
        assert.match(await notice.textContent(), /could not be read/, hash);
        assert.equal(await notice.getAttribute('role'), 'alert');
        assert.equal(await other.$eval('#preset', (s) => s.value), 'localai');
        await other.waitForSelector('.verdict');
        if (hash === '#garbage') {
          // Choosing a preset is an answer to the notice: it goes away.
          await other.selectOption('#preset', 'monorepo');
          assert.equal(await notice.isVisible(), false);
        }
      } finally {
        await other.close();
      }
    }
    const readable = await context.newPage();
    await readable.goto(server.url);
    await readable.waitForSelector('body[data-ready="true"]');
    assert.equal(await readable.isVisible('#notice'), false);
    await readable.close();
  });

  test('an unclosed [ in the config: an error marker on the line where it opens, with its message, and jump-to-error', async () => {
    const config = await paneText(page, 'config');
    const lines = config.split('\n');
    const at = lines.findIndex((l) => l.startsWith('identity:'));
    assert.ok(at >= 0);
    lines[at] = 'identity: [tag-suffix, platform-tag';
    await page.evaluate((text) => {
      window.playground.editors.config.value = text;
      window.playground.recompute();
    }, lines.join('\n'));
    const problem = page.locator('button.problem').first();
    await problem.waitFor();
    assert.equal(Number(await problem.getAttribute('data-line')), at + 1, await problem.textContent());
    assert.match(await problem.textContent(), new RegExp(`changed-backends\\.yml:${at + 1}:11 .*never closed`));

    await problem.focus();
    await page.keyboard.press('Enter');
    assert.deepEqual(await caretOf(page, 'config'), { focused: true, line: at + 1 });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'config');

    // The marker is drawn on that line, and hovering it shows the core's message.
    const marker = page.locator('#config-editor .cm-lintRange-error').first();
    await marker.waitFor();
    assert.equal(await marker.evaluate((el) => window.playground.editors.config.lineOf(el)), at + 1);
    assert.equal(await page.locator('#config-editor .cm-lint-marker-error').count(), 1);
    assert.equal(await page.locator('#matrix-editor .cm-lintRange-error').count(), 0);
    await marker.hover();
    const tooltip = page.locator('.cm-tooltip-lint');
    await tooltip.waitFor();
    assert.match(await tooltip.textContent(), /`\[` is never closed/);

    // Typing the missing bracket clears the problem and its marker.
    await page.keyboard.press('End');
    await page.keyboard.type(']');
    await page.waitForSelector('.verdict[data-decision="filtered"]');
    assert.equal(await page.locator('#config-editor .cm-lintRange-error').count(), 0);
    assert.equal(await paneText(page, 'config'), config);
  });

  test('a changed-files line git quoted but that cannot be decoded: a problem on the files pane, never a silent skip', async () => {
    await page.selectOption('#preset', 'localai');
    await page.selectOption('#event', 'files');
    await page.evaluate((text) => {
      window.playground.editors.files.value = text;
      window.playground.recompute();
    }, `${VLLM_FILE}\nM\t"backend/python/vllm/\\q.py"`);
    const problem = page.locator('button.problem').first();
    await problem.waitFor();
    assert.match(await problem.textContent(), /changed files:2:1 .*unknown escape \\q/);
    assert.equal(await page.locator('tr.entry').count(), 0, 'no selection drawn beside the problem');
    await problem.click();
    assert.deepEqual(await caretOf(page, 'files'), { focused: true, line: 2 });
    assert.equal(await page.locator('#files-editor .cm-lint-marker-error').count(), 1);

    // Decoded as git writes it, the same path selects vllm's entries.
    await page.evaluate((text) => {
      window.playground.editors.files.value = text;
      window.playground.recompute();
    }, 'M\t"backend/python/vllm/h\\303\\251llo.py"');
    await page.waitForSelector('.verdict[data-decision="filtered"]');
    const names = await page.$$eval('tr.entry', (trs) => [...new Set(trs.map((tr) => tr.dataset.name))]);
    assert.deepEqual(names, ['vllm']);
    assert.equal(await page.locator('#files-editor .cm-lint-marker-error').count(), 0);
  });

  test('changed files no rule watches are named in the notes', async () => {
    await page.selectOption('#preset', 'localai');
    await page.selectOption('#event', 'files');
    await page.evaluate((text) => {
      window.playground.editors.files.value = text;
      window.playground.recompute();
    }, `${VLLM_FILE}\nnowhere/watched.txt`);
    const note = page.locator('ul.notes li', { hasText: 'matched no rule' });
    await note.waitFor();
    assert.match(await note.textContent(), /1 changed file\(s\) matched no rule and build nothing: "nowhere\/watched\.txt"/);
  });

  test('after changing the event the verdict is in view, not the middle of the old list', async () => {
    await page.selectOption('#event', 'tag');
    await page.waitForSelector('.verdict[data-decision="run-all"]');
    await page.$eval('#result', (r) => { r.scrollTop = r.scrollHeight / 2; });
    assert.ok(await page.$eval('#result', (r) => r.scrollTop > 100), 'the long list scrolls');
    await page.selectOption('#event', 'schedule');
    await page.waitForSelector('.verdict[data-reason="schedule"]');
    // Within a frame, the verdict is inside the result pane's visible part and the window.
    await page.waitForFunction(() => {
      const box = document.querySelector('.verdict').getBoundingClientRect();
      const pane = document.getElementById('result').getBoundingClientRect();
      return box.top >= pane.top && box.bottom <= pane.bottom && box.bottom <= window.innerHeight;
    }, null, { timeout: 2000 });
    await page.selectOption('#event', 'files');
    await page.waitForSelector('.verdict[data-decision="filtered"]');
  });

  test('"Link copied." clears after a moment', async () => {
    await page.click('#share');
    await page.waitForFunction(() => document.getElementById('share-status').textContent === 'Link copied.');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), page.url());
    await page.waitForFunction(() => document.getElementById('share-status').textContent === '', null, { timeout: 10000 });
  });

  test('the page has a favicon', async () => {
    const icon = await page.evaluate(async () => {
      const link = document.querySelector('link[rel="icon"]');
      const res = await fetch(link.href);
      return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
    });
    assert.equal(icon.status, 200);
    assert.equal(icon.type, 'image/svg+xml');
    assert.match(icon.body, /^<svg[^>]*viewBox/);
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
    // Each editor is named by its pane's title and described by its help text.
    for (const name of ['matrix', 'config', 'files']) {
      const names = await page.$eval(`#${name}`, (el) => ({
        label: document.getElementById(el.getAttribute('aria-labelledby'))?.textContent,
        help: document.getElementById(el.getAttribute('aria-describedby'))?.textContent,
        role: el.getAttribute('role'),
      }));
      assert.ok(names.label && names.help, `${name}: ${JSON.stringify(names)}`);
      assert.equal(names.role, 'textbox');
    }
  });

  test('phone width: no horizontal overflow, and a button jumps to the result', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(100);
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    assert.ok(widths.scroll <= widths.inner, `page is ${widths.scroll}px wide at ${widths.inner}px`);
    await page.screenshot({ path: join(DOCS, 'playground-phone.png') });
    const jump = page.locator('#to-result');
    assert.equal(await jump.isVisible(), true);
    assert.ok(await page.$eval('.verdict', (v) => v.getBoundingClientRect().top > window.innerHeight), 'the result starts below the fold');
    await jump.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => {
      const box = document.querySelector('.verdict').getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'result-title');
    await page.setViewportSize({ width: 1280, height: 800 });
    assert.equal(await jump.isVisible(), false, 'wide screens show the result beside the panes');
  });
});
