/**
 * Plain-text rendering of a Result: what was decided, and for each selected
 * entry the changed file and rule behind it. Formatting only; every fact
 * shown comes from the core's result. File names, matrix values and labels
 * may come from a fork: every line passes through oneLine, so none can break
 * a line, start a workflow command or drive a terminal.
 */
import { oneLine } from './text.js';

/** `file:line:col: message` plus the hint, as editors and CI logs link them. */
export function formatProblem(problem) {
  const head = oneLine(`${problem.file}:${problem.line}:${problem.column}: ${problem.message}`);
  return problem.hint ? `${head}\n  hint: ${oneLine(problem.hint)}` : head;
}

function formatWhy(why) {
  if (why.file !== undefined && why.file !== null && why.file !== '') return `${why.file} → ${why.rule}`;
  return why.rule;
}

function entryLabel(entry) {
  // Without `identity` the core labels an entry by its name: say it once.
  const key = entry.key && entry.key !== entry.name ? ` [${entry.key}]` : '';
  return `${entry.list}[${entry.index}] ${entry.name}${key} (line ${entry.line})`;
}

function headline(result) {
  const detail = result.reasonDetail ? `: ${result.reasonDetail}` : '';
  if (result.decision === 'run-all') return `Run all (${result.reason})${detail}`;
  if (result.decision === 'nothing') return `Nothing selected (${result.reason})${detail}`;
  return `Filtered (${result.reason})${detail}`;
}

/** Formats a Result (or a LintResult's errors) as readable text, one fact per line. */
export function explain(result) {
  const lines = [];
  if (result.errors && result.errors.length > 0) {
    for (const problem of result.errors) lines.push(formatProblem(problem));
    return lines.join('\n');
  }
  lines.push(headline(result));
  if (typeof result.changedFiles === 'number') lines.push(`Changed files: ${result.changedFiles}`);
  for (const warning of result.warnings || []) lines.push(`warning: ${warning}`);
  // What ignore took, files no rule watches, content-aware verdicts.
  for (const note of result.notes || []) lines.push(`note: ${note}`);
  for (const partition of result.partitions || []) {
    const count = partition.entries.length;
    lines.push('', `${partition.id}: ${count} ${count === 1 ? 'entry' : 'entries'}`);
    for (const entry of partition.entries) {
      lines.push(`  ${entryLabel(entry)}`);
      for (const why of entry.why || []) lines.push(`      because ${formatWhy(why)}`);
    }
  }
  return lines.map(oneLine).join('\n');
}
