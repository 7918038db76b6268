/**
 * Reads the action's inputs and the event. Only I/O and syntax checks here:
 * what the event means is decided by the core.
 */
import { openSync, fstatSync, readFileSync, closeSync } from 'node:fs';
import { resolve } from 'node:path';
import * as core from '@actions/core';

/** Event files above this size are treated as unreadable (the core then runs everything). */
export const MAX_EVENT_BYTES = 25 * 1024 * 1024;

/** A positive number of seconds, or a thrown Error naming the input. */
function seconds(name, fallback) {
  const raw = core.getInput(name).trim();
  if (raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) {
    throw new Error(`input ${name} must be a positive number of seconds, got ${JSON.stringify(raw)}`);
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
 * The raw text of the event file, or "" when it is unset, missing, not a
 * regular file, unreadable or larger than MAX_EVENT_BYTES. The core reports
 * "" as event-unreadable; we never parse it here.
 */
export function readEventText(path = process.env.GITHUB_EVENT_PATH) {
  if (!path) return '';
  let fd;
  try {
    fd = openSync(path, 'r');
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > MAX_EVENT_BYTES) return '';
    return readFileSync(fd, 'utf8');
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Everything the action needs from its environment, validated. Throws on bad inputs. */
export function readInputs() {
  const workingDirectory = core.getInput('working-directory').trim();
  return {
    configPath: core.getInput('config').trim() || '.github/changed-backends.yml',
    token: core.getInput('token'),
    forceAll: flag('force-all', false),
    requestTimeoutMs: seconds('request-timeout-seconds', 20) * 1000,
    maxWaitMs: seconds('max-wait-seconds', 120) * 1000,
    summary: flag('summary', true),
    // working-directory is relative to the workspace, like a step's own.
    root: resolve(process.env.GITHUB_WORKSPACE || process.cwd(), workingDirectory),
    // Handed to the core as data: it decides whether and how they are used.
    baseline: {
      mode: baselineMode(),
      runId: process.env.GITHUB_RUN_ID || undefined,
      workflowRef: process.env.GITHUB_WORKFLOW_REF || undefined,
    },
    event: {
      name: process.env.GITHUB_EVENT_NAME || '',
      payload: readEventText(),
      repository: process.env.GITHUB_REPOSITORY || undefined,
    },
  };
}
