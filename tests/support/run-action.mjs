/**
 * Runs the bundled action (`node dist/index.js`) as the runner would: a
 * clean environment with GITHUB_* variables and INPUT_* inputs (hyphens kept,
 * upper-cased), an event file, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOutputFile } from './outputs.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The bundle under test; CB_ACTION_ENTRY points at another build (e.g. an older dist/ to compare). */
export const ENTRY = process.env.CB_ACTION_ENTRY || join(ROOT, 'dist', 'index.js');
export const FIXTURES = join(ROOT, 'tests', 'fixtures');

/** A fixture event payload, parsed, for the test to patch. */
export function fixtureEvent(name) {
  return JSON.parse(readFileSync(join(FIXTURES, 'events', `${name}.json`), 'utf8'));
}

/**
 * runAction({ workspace, eventName, event, inputs, apiUrl, repository, env, timeoutMs, entry })
 * -> { code, stdout, stderr, outputs: Map, summary, ms }
 * `event` is an object (written as JSON), a string (written as is) or null (no file);
 * `entry` another bundle's index.js (default ENTRY).
 */
export async function runAction({ workspace, eventName, event = {}, inputs = {}, apiUrl, repository = 'octo/repo', env = {}, timeoutMs = 60_000, entry = ENTRY }) {
  const dir = mkdtempSync(join(tmpdir(), 'cb-run-'));
  const eventPath = join(dir, 'event.json');
  const outputPath = join(dir, 'output');
  const summaryPath = join(dir, 'summary.md');
  if (event !== null) writeFileSync(eventPath, typeof event === 'string' ? event : JSON.stringify(event));
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');

  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(GITHUB_|INPUT_|RUNNER_|ACTIONS_)/.test(k)));
  const allInputs = { token: 'test-token', 'request-timeout-seconds': '2', 'max-wait-seconds': '10', ...inputs };
  const childEnv = {
    ...clean,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: repository,
    GITHUB_API_URL: apiUrl ?? 'http://127.0.0.1:9',
    ...Object.fromEntries(Object.entries(allInputs).map(([k, v]) => [`INPUT_${k.replace(/ /g, '_').toUpperCase()}`, v])),
    ...env,
  };
  for (const [k, v] of Object.entries(childEnv)) if (v === undefined) delete childEnv[k];

  const started = Date.now();
  const child = spawn(process.execPath, [entry], { cwd: workspace, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise((res) => child.on('close', (c, sig) => res(sig ? `killed:${sig}` : c)));
  clearTimeout(timer);
  const ms = Date.now() - started;

  const outputs = parseOutputFile(readFileSync(outputPath, 'utf8'));
  const summary = existsSync(summaryPath) ? readFileSync(summaryPath, 'utf8') : '';
  rmSync(dir, { recursive: true, force: true });
  return { code, stdout, stderr, outputs, summary, ms };
}

/** Lines of stdout that the runner would take as workflow commands. */
export function commandLines(stdout) {
  return stdout.split(/\r?\n/).filter((l) => l.startsWith('::'));
}
