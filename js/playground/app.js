/**
 * Wires the playground page: panes in, result out, recomputed shortly after
 * each edit, with the whole state mirrored in the URL hash.
 */
import init, * as lib from './lib/web/index.js';
import { DEFAULT_PRESET, PRESETS } from './presets.js';
import { FILES_PANE, simulate } from './simulate.js';
import { render, renderFailure } from './render.js';
import { decodeState, encodeState, expand, minimize } from './share.js';
import { createEditor } from './editor.js';

/** Quiet time after the last keystroke before recomputing. */
const DEBOUNCE_MS = 150;
/** How long a status such as "Link copied." stays before it clears. */
const STATUS_MS = 2500;

const $ = (id) => document.getElementById(id);
/** The three editors, filled in by start(). */
const panes = {};
const ui = {
  preset: $('preset'),
  event: $('event'),
  forceAll: $('force-all'),
  share: $('share'),
  shareStatus: $('share-status'),
  result: $('result'),
  timing: $('timing'),
  matrixPath: $('matrix-path'),
  notice: $('notice'),
  toResult: $('to-result'),
  resultTitle: $('result-title'),
};

let presetName = DEFAULT_PRESET;
let matrixPath = null;
let timer = null;
let hashTimer = null;
let statusTimer = null;
/** The panes currently showing error markers. */
const marked = new Set();

function currentState() {
  return {
    preset: presetName,
    event: ui.event.value,
    forceAll: ui.forceAll.checked,
    matrix: panes.matrix.value,
    config: panes.config.value,
    files: panes.files.value,
  };
}

function applyState(state) {
  presetName = state.preset;
  ui.preset.value = state.preset;
  ui.event.value = state.event;
  ui.forceAll.checked = state.forceAll;
  ui.forceAll.disabled = state.event === 'files';
  for (const key of Object.keys(panes)) panes[key].value = state[key];
}

function paneFor(problem) {
  if (problem.file === FILES_PANE) return panes.files;
  return problem.file === lib.defaultConfigPath() ? panes.config : panes.matrix;
}

/** Puts each problem on its pane as an inline marker (and clears the others). */
function markProblems(errors) {
  for (const pane of Object.values(panes)) {
    const mine = errors.filter((p) => p.line > 0 && paneFor(p) === pane);
    // Most recomputes find no problem on a pane that had none: nothing to redraw.
    if (mine.length > 0 || marked.has(pane)) pane.setProblems(mine);
    if (mine.length > 0) marked.add(pane);
    else marked.delete(pane);
  }
}

/**
 * Runs the core on the panes and draws the result with its verdict in view;
 * returns the times in ms. `reveal` also scrolls the page to the verdict (a
 * control changed, so the user is not typing in a pane).
 */
function recompute({ reveal = false } = {}) {
  const started = performance.now();
  const { result, matrixPath: read } = simulate(lib, currentState());
  const computed = performance.now();
  if (read) matrixPath = read;
  ui.matrixPath.textContent = matrixPath || '';
  render(ui.result, result, {
    onProblem: (problem) => paneFor(problem).jumpTo(problem.line, problem.column),
    onEntryLine: (line) => panes.matrix.jumpTo(line, 1),
  });
  markProblems(result.errors);
  // Scrolling waits for the next frame, so layout runs once, when the browser draws anyway.
  requestAnimationFrame(() => {
    ui.result.scrollTop = 0;
    if (reveal) ui.result.firstElementChild?.scrollIntoView({ block: 'nearest' });
  });
  const drawn = performance.now();
  const times = { core: computed - started, total: drawn - started };
  ui.timing.textContent = `recomputed in ${times.total.toFixed(1)} ms (core ${times.core.toFixed(1)} ms)`;
  scheduleHash();
  return times;
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(() => recompute(), DEBOUNCE_MS);
}

function scheduleHash() {
  clearTimeout(hashTimer);
  hashTimer = setTimeout(async () => {
    const hash = await encodeState(minimize(currentState(), PRESETS[presetName]));
    history.replaceState(null, '', `#${hash}`);
  }, DEBOUNCE_MS);
}

/** Shows a short status next to the share button, cleared after a while. */
function showStatus(text) {
  clearTimeout(statusTimer);
  ui.shareStatus.textContent = text;
  statusTimer = setTimeout(() => {
    ui.shareStatus.textContent = '';
  }, STATUS_MS);
}

async function copyLink() {
  const hash = await encodeState(minimize(currentState(), PRESETS[presetName]));
  history.replaceState(null, '', `#${hash}`);
  try {
    await navigator.clipboard.writeText(location.href);
    showStatus('Link copied.');
  } catch {
    showStatus('The address bar now holds the link.');
  }
}

/** Says that a link could not be read, instead of silently showing the default. */
function showUnreadableLink() {
  ui.notice.textContent = 'This link could not be read (it may have been cut short or edited), so the default preset is shown instead.';
  ui.notice.hidden = false;
}

function hideNotice() {
  ui.notice.hidden = true;
  ui.notice.textContent = '';
}

/** Scrolls to the result and moves focus to its heading (phones: the result is below the panes). */
function jumpToResult() {
  ui.resultTitle.scrollIntoView({ block: 'start' });
  ui.resultTitle.focus({ preventScroll: true });
}

function fillPresets() {
  for (const [name, preset] of Object.entries(PRESETS)) {
    const option = document.createElement('option');
    option.value = name;
    option.textContent = preset.title;
    ui.preset.append(option);
  }
}

function loadPreset(name) {
  hideNotice();
  const preset = PRESETS[name];
  applyState({ preset: name, event: preset.event || 'files', forceAll: false, matrix: preset.matrix, config: preset.config, files: preset.files });
  recompute({ reveal: true });
}

function createPanes() {
  for (const name of ['matrix', 'config', 'files']) {
    panes[name] = createEditor($(`${name}-editor`), {
      id: name,
      labelledBy: `${name}-label`,
      describedBy: `${name}-help`,
      highlight: name !== 'files',
      onEdit: schedule,
      onCaret: (line, column) => {
        $(`${name}-caret`).textContent = `Ln ${line}, Col ${column}`;
      },
    });
    // The pane's title focuses its editor, as a <label> would for a textarea.
    $(`${name}-label`).addEventListener('click', () => panes[name].focus());
  }
}

function listen() {
  ui.preset.addEventListener('change', () => loadPreset(ui.preset.value));
  ui.event.addEventListener('change', () => {
    ui.forceAll.disabled = ui.event.value === 'files';
    recompute({ reveal: true });
  });
  ui.forceAll.addEventListener('change', () => recompute({ reveal: true }));
  ui.share.addEventListener('click', copyLink);
  ui.toResult.addEventListener('click', jumpToResult);
  window.addEventListener('hashchange', async () => {
    if (!location.hash) return;
    const saved = await decodeState(location.hash);
    if (!saved) {
      showUnreadableLink();
      return;
    }
    if (JSON.stringify(saved) !== JSON.stringify(minimize(currentState(), PRESETS[presetName]))) {
      hideNotice();
      applyState(expand(saved, PRESETS, DEFAULT_PRESET));
      recompute({ reveal: true });
    }
  });
}

async function start() {
  fillPresets();
  createPanes();
  try {
    await init();
  } catch (err) {
    renderFailure(ui.result, `Could not load the WebAssembly core: ${err.message}`);
    return;
  }
  const saved = location.hash ? await decodeState(location.hash) : null;
  if (saved) applyState(expand(saved, PRESETS, DEFAULT_PRESET));
  else {
    if (location.hash) showUnreadableLink();
    applyState({ ...expand({ preset: DEFAULT_PRESET }, PRESETS, DEFAULT_PRESET), event: PRESETS[DEFAULT_PRESET].event || 'files' });
  }
  listen();
  recompute();
  document.body.dataset.ready = 'true';
  // For automation: recompute without waiting for the debounce, and reach the editors.
  window.playground = { recompute, editors: panes, version: lib.version() };
}

start();
