/**
 * The three ways `run` prints a result: a readable table (default), the
 * outputs as JSON, or the GITHUB_OUTPUT file format.
 */
import { randomUUID } from 'node:crypto';

/** Outputs as one JSON object, in the core's order. */
export function formatJson(result) {
  return `${JSON.stringify(Object.fromEntries(result.outputs), null, 2)}\n`;
}

/**
 * `name<<DELIM` / value / `DELIM` blocks, the multi-line form GitHub accepts
 * for any value; the delimiter is random and checked not to occur in it.
 */
export function formatGithub(result) {
  let text = '';
  for (const [name, value] of result.outputs) {
    let delimiter;
    do delimiter = `ghadelimiter_${randomUUID()}`;
    while (name.includes(delimiter) || value.includes(delimiter));
    text += `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
  }
  return text;
}

/** The core's verdict and, per selected entry, the file and rule behind it. */
export function formatTable(result, explain) {
  return `${explain(result)}\n`;
}
