/**
 * Reads the action's inputs and the event. Only I/O and syntax checks here:
 * what the event means is decided by the core.
 */
import { fstatSync, readFileSync, closeSync } from 'node:fs';
import { resolve, relative, isAbsolute, sep } from 'node:path';
import * as core from '@actions/core';
import { openRegular } from './workspace.js';

/** Event files above this size are treated as unreadable (the core then runs everything). */
export const MAX_EVENT_BYTES = 25 * 1024 * 1024;

/** The longest timer Node can set (2^31 - 1 ms), in whole seconds; longer ones fire at once. */
export const MAX_SECONDS = 2_147_483;

/** A positive number of seconds up to MAX_SECONDS, or a thrown Error naming the input. */
function seconds(name, fallback) {
  const raw = core.getInput(name).trim();
  if (raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > MAX_SECONDS) {
    throw new Error(`input ${name} must be a positive number of seconds up to ${MAX_SECONDS}, got ${JSON.stringify(raw)}`);
  }
  return n;
}

/** Boolean input; empty means false (tests and local runs may not set it). */
function flag(name, fallback) {
  if (core.getInput(name).trim() === '') return fallback;
  return core.getBooleanInput(name);
}

/** What a push is compared with: `event` (its own before) or `last-success`. */
function baselineMode() {
  const raw = core.getInput('baseline').trim();
  if (raw === '') return 'event';
  if (raw !== 'event' && raw !== 'last-success') {
    throw new Error(`input baseline must be event or last-success, got ${JSON.stringify(raw)}`);
  }
  return raw;
}

/**
 * The event file as { text, size }: text is "" when it is unset, missing,
 * not a regular file (a FIFO would block), unreadable or larger than
 * MAX_EVENT_BYTES; size is set only in the last case. The core reports both
 * as event-unreadable; we never parse it here.
 */
export function readEvent(path = process.env.GITHUB_EVENT_PATH) {
  if (!path) return { text: '' };
  let fd;
  try {
    fd = openRegular(path);
    if (fd === null) return { text: '' };
    const st = fstatSync(fd);
    if (st.size > MAX_EVENT_BYTES) return { text: '', size: st.size };
    return { text: readFileSync(fd, 'utf8') };
  } catch {
    return { text: '' };
  } finally {
    if (fd !== undefined && fd !== null) closeSync(fd);
  }
}

/** The raw text of the event file, or "" (see readEvent). */
export function readEventText(path = process.env.GITHUB_EVENT_PATH) {
  return readEvent(path).text;
}

/** working-directory, resolved inside the workspace, or a thrown Error. */
function workingDirectory() {
  const raw = core.getInput('working-directory').trim();
  const workspace = resolve(process.env.GITHUB_WORKSPACE || process.cwd());
  const root = resolve(workspace, raw);
  const rel = relative(workspace, root);
  if (rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel)) {
    throw new Error(`input working-directory must stay inside the workspace (GITHUB_WORKSPACE), got ${JSON.stringify(raw)}`);
  }
  return root;
}

/** Everything the action needs from its environment, validated. Throws on bad inputs. */
export function readInputs() {
  const event = readEvent();
  return {
    // Empty: the core's default path (see run.js).
    configPath: core.getInput('config').trim(),
    token: core.getInput('token'),
    forceAll: flag('force-all', false),
    requestTimeoutMs: seconds('request-timeout-seconds', 20) * 1000,
    maxWaitMs: seconds('max-wait-seconds', 120) * 1000,
    summary: flag('summary', true),
    // working-directory is relative to the workspace, like a step's own.
    root: workingDirectory(),
    eventSize: event.size,
    // Handed to the core as data: it decides whether and how they are used.
    baseline: {
      mode: baselineMode(),
      runId: process.env.GITHUB_RUN_ID || undefined,
      workflowRef: process.env.GITHUB_WORKFLOW_REF || undefined,
    },
    event: {
      name: process.env.GITHUB_EVENT_NAME || '',
      payload: event.text,
      repository: process.env.GITHUB_REPOSITORY || undefined,
    },
  };
}
