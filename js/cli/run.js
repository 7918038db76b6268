/**
 * `changed-backends run`: a dry run of the selection on a local repository.
 */
import { readFileSync } from 'node:fs';
import { localAnswer } from './local.js';
import { isWorkTree, resolveCommit } from './git.js';
import { formatGithub, formatJson, formatTable } from './output.js';
import { UsageError } from './args.js';

function readText(path, what) {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${what} ${path}: ${err.message}`);
  }
}

function commitOf(repo, rev, flag) {
  const sha = resolveCommit(repo, rev);
  if (!sha) throw new UsageError(`${flag} ${rev}: no such commit in ${repo}`);
  return sha;
}

/** The --files list; a path that cannot be read as written is a usage error. */
function readFiles(lib, path) {
  try {
    return lib.parseChanges(readText(path, 'files list'));
  } catch (err) {
    if (err instanceof UsageError || err.line === undefined) throw err;
    throw new UsageError(`--files ${path}: ${err.message}`);
  }
}

/** Returns the exit status; writes the result to `out` and problems to `err`. */
export async function runCommand(options, lib, out, err) {
  const input = { config: { path: options.config, text: readText(options.config, 'config') } };
  const files = options.files !== undefined ? readFiles(lib, options.files) : null;

  if (options.base !== undefined) {
    if (!isWorkTree(options.repo)) {
      const where = options.repo === '.' ? 'the current directory' : options.repo;
      throw new UsageError(`--base/--head compare git commits, but ${where} is not inside a git work tree; run from the repository (or pass --repo DIR), or give the changed files with --files`);
    }
    const base = commitOf(options.repo, options.base, '--base');
    const head = commitOf(options.repo, options.head, '--head');
    input.event = { name: 'range', payload: JSON.stringify({ base, head }) };
  } else if (options.event !== undefined) {
    input.event = { name: options.eventName, payload: readText(options.event, 'event payload') };
  }
  // With an event too, the list answers the event's file-list requests in the core.
  if (files) input.changes = { files };

  const answer = localAnswer({ repo: options.repo, parseChanges: lib.parseChanges, RequestError: lib.RequestError });
  const result = await lib.run(input, answer);

  if (result.errors.length > 0) {
    for (const problem of result.errors) err.write(`${lib.formatProblem(problem)}\n`);
    return 2;
  }
  if (options.format === 'json' || options.format === 'github') {
    for (const warning of result.warnings) err.write(`warning: ${lib.oneLine(warning)}\n`);
    out.write(options.format === 'json' ? formatJson(result) : formatGithub(result));
  } else {
    // The core names the commits; the refs as typed say which range that was.
    if (options.base !== undefined) out.write(`Range: ${options.base}...${options.head}\n`);
    out.write(formatTable(result, lib.explain));
  }
  return 0;
}
