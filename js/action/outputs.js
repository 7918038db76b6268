/**
 * Writes a Result to the runner: outputs, warnings, errors, job summary.
 * Only texts produced by the core (already escaped) or JSON.stringify'd
 * values are logged: a changed file's name may contain "\n::command::".
 */
import * as core from '@actions/core';

// One line for the log: the core already quotes untrusted parts; this holds
// even if it missed one.
import { oneLine } from '../lib/text.js';

/** One line per authoring problem, as file:line:col: message (hint), with an annotation. */
export function reportProblems(problems) {
  for (const p of problems) {
    const where = `${p.file}:${p.line}:${p.column}`;
    const text = p.hint ? `${where}: ${p.message} (${p.hint})` : `${where}: ${p.message}`;
    core.error(text, { file: p.file, startLine: p.line, startColumn: p.column, title: 'changed-backends' });
  }
}

/** Sets every output the core listed, in its order, exactly as given. */
export function writeOutputs(result) {
  for (const [name, value] of result.outputs) core.setOutput(name, value);
}

/** Logs the decision and the core's warnings. */
export function logResult(result) {
  core.info(`decision: ${JSON.stringify(result.decision)}, reason: ${JSON.stringify(result.reason)}, changed files: ${JSON.stringify(result.changedFiles)}`);
  // When the change could not be read, the core also lists the detail among
  // its warnings (e.g. a missing `pull-requests: read` permission).
  if (result.reasonDetail) core.info(oneLine(result.reasonDetail));
  for (const p of result.partitions || []) {
    core.info(`partition ${JSON.stringify(p.id)}: ${p.entries.length} entries`);
  }
  // What content-aware rules and `ignore` did; file names in them are quoted by the core.
  for (const n of result.notes || []) core.info(oneLine(n));
  for (const w of result.warnings || []) core.warning(w);
}

/**
 * Appends the core's markdown to the job summary. A missing or unwritable
 * GITHUB_STEP_SUMMARY (local runs, old runners) is not a reason to fail.
 */
export async function writeSummary(result) {
  if (!process.env.GITHUB_STEP_SUMMARY || !result.summary) return;
  try {
    await core.summary.addRaw(result.summary).write();
  } catch (err) {
    core.debug(`job summary not written: ${JSON.stringify(String(err && err.message))}`);
  }
}
