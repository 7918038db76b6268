/**
 * Wires the playground page: panes in, result out, recomputed shortly after
 * each edit, with the whole state mirrored in the URL hash.
 */
import init, * as lib from './lib/web/index.js';
import { DEFAULT_PRESET, PRESETS } from './presets.js';
import { CONFIG_PATH, simulate } from './simulate.js';
import { render, renderFailure } from './render.js';
import { decodeState, encodeState, expand, minimize } from './share.js';
import { moveCaret, positionOf } from './editor.js';

/** Quiet time after the last keystroke before recomputing. */
const DEBOUNCE_MS = 150;

const $ = (id) => document.getElementById(id);
const panes = { matrix: $('matrix'), config: $('config'), files: $('files') };
const ui = {
  preset: $('preset'),
  event: $('event'),
  forceAll: $('force-all'),
  share: $('share'),
  shareStatus: $('share-status'),
  result: $('result'),
  timing: $('timing'),
  matrixPath: $('matrix-path'),
};

let presetName = DEFAULT_PRESET;
let matrixPath = null;
let timer = null;
let hashTimer = null;

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
  return problem.file === CONFIG_PATH ? panes.config : panes.matrix;
}

/** Runs the core on the panes and draws the result; returns the times in ms. */
function recompute() {
  const started = performance.now();
  const { result, matrixPath: read } = simulate(lib, currentState());
  const computed = performance.now();
  if (read) matrixPath = read;
  ui.matrixPath.textContent = matrixPath || '';
  render(ui.result, result, {
    onProblem: (problem) => moveCaret(paneFor(problem), problem.line, problem.column),
    onEntryLine: (line) => moveCaret(panes.matrix, line, 1),
  });
  const drawn = performance.now();
  const times = { core: computed - started, total: drawn - started };
  ui.timing.textContent = `recomputed in ${times.total.toFixed(1)} ms (core ${times.core.toFixed(1)} ms)`;
  scheduleHash();
  return times;
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(recompute, DEBOUNCE_MS);
}

function scheduleHash() {
  clearTimeout(hashTimer);
  hashTimer = setTimeout(async () => {
    const hash = await encodeState(minimize(currentState(), PRESETS[presetName]));
    history.replaceState(null, '', `#${hash}`);
  }, DEBOUNCE_MS);
}

function showCaret(name) {
  const pane = panes[name];
  const { line, column } = positionOf(pane.value, pane.selectionStart);
  $(`${name}-caret`).textContent = `Ln ${line}, Col ${column}`;
}

async function copyLink() {
  const hash = await encodeState(minimize(currentState(), PRESETS[presetName]));
  history.replaceState(null, '', `#${hash}`);
  try {
    await navigator.clipboard.writeText(location.href);
    ui.shareStatus.textContent = 'Link copied.';
  } catch {
    ui.shareStatus.textContent = 'The address bar now holds the link.';
  }
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
  const preset = PRESETS[name];
  applyState({ preset: name, event: preset.event || 'files', forceAll: false, matrix: preset.matrix, config: preset.config, files: preset.files });
  recompute();
}

function listen() {
  for (const [name, pane] of Object.entries(panes)) {
    pane.addEventListener('input', schedule);
    for (const type of ['keyup', 'click', 'select', 'focus']) pane.addEventListener(type, () => showCaret(name));
  }
  ui.preset.addEventListener('change', () => loadPreset(ui.preset.value));
  ui.event.addEventListener('change', () => {
    ui.forceAll.disabled = ui.event.value === 'files';
    recompute();
  });
  ui.forceAll.addEventListener('change', recompute);
  ui.share.addEventListener('click', copyLink);
  window.addEventListener('hashchange', async () => {
    const saved = await decodeState(location.hash);
    if (saved && JSON.stringify(saved) !== JSON.stringify(minimize(currentState(), PRESETS[presetName]))) {
      applyState(expand(saved, PRESETS, DEFAULT_PRESET));
      recompute();
    }
  });
}

async function start() {
  fillPresets();
  try {
    await init();
  } catch (err) {
    renderFailure(ui.result, `Could not load the WebAssembly core: ${err.message}`);
    return;
  }
  const saved = location.hash ? await decodeState(location.hash) : null;
  if (saved) applyState(expand(saved, PRESETS, DEFAULT_PRESET));
  else applyState({ ...expand({ preset: DEFAULT_PRESET }, PRESETS, DEFAULT_PRESET), event: PRESETS[DEFAULT_PRESET].event || 'files' });
  listen();
  recompute();
  document.body.dataset.ready = 'true';
  // For measuring from automation: recompute without waiting for the debounce.
  window.playground = { recompute, version: lib.version() };
}

start();
