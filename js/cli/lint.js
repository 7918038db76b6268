/**
 * `changed-backends lint`: the config checked against the files the
 * repository tracks, e.g. a source directory that matches nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles } from './git.js';
import { UsageError } from './args.js';

function formatFinding(finding, oneLine) {
  const where = finding.file ? `${finding.file}${finding.line ? `:${finding.line}` : ''}: ` : '';
  return oneLine(`${where}${finding.message} [${finding.kind}]`);
}

/** Returns 0 when clean, 1 with findings, 2 for a config error. */
export function lintCommand(options, lib, out, err) {
  let configText;
  try {
    configText = readFileSync(options.config, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read config ${options.config}: ${e.message}`);
  }
  const config = { path: options.config, text: configText };
  const checked = lib.validate({ config });
  if (checked.errors.length > 0) {
    for (const problem of checked.errors) err.write(`${lib.formatProblem(problem)}\n`);
    return 2;
  }
  const matrixPath = checked.matrixPath;
  let matrixText;
  try {
    matrixText = readFileSync(join(options.repo, matrixPath), 'utf8');
  } catch (e) {
    err.write(`${options.config}: cannot read the matrix file ${matrixPath} in ${options.repo}: ${e.message}\n`);
    return 2;
  }
  let files;
  try {
    files = listFiles(options.repo);
  } catch (e) {
    throw new UsageError(`${options.repo} is not a git work tree: ${e.message}`);
  }
  const result = lib.lint({ config, matrix: { path: matrixPath, text: matrixText }, files });
  if (result.errors.length > 0) {
    for (const problem of result.errors) err.write(`${lib.formatProblem(problem)}\n`);
    return 2;
  }
  for (const finding of result.findings) out.write(`${formatFinding(finding, lib.oneLine)}\n`);
  if (result.findings.length > 0) {
    err.write(`${result.findings.length} finding${result.findings.length === 1 ? '' : 's'}\n`);
    return 1;
  }
  err.write(`no findings (${files.length} tracked files)\n`);
  return 0;
}
