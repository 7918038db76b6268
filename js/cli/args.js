/**
 * Command-line parsing. A bad command line is a usage error (exit 2), told
 * with the usage text rather than a stack trace.
 */
import { parseArgs } from 'node:util';
import { nearest } from '../../build/lib/check.js';

export const USAGE = `Usage:
  changed-backends [run] [--config FILE] [--files FILE|-] [--base REF --head REF]
                         [--event FILE --event-name NAME] [--format table|json|github] [--repo DIR]
  changed-backends lint [--config FILE] [--repo DIR]
  changed-backends --version | --help

run   Dry run on a local repository: which matrix entries the changes select, and why.
      Changed files come from --files (one per line, or \`git diff --name-status\` output;
      "-" reads standard input), from --base/--head (local git), or from a GitHub event
      payload (--event with --event-name; --files, if given, answers its file lists).
lint  Checks the config against the repository's tracked files (\`git ls-files\`).

--config defaults to .github/changed-backends.yml in --repo (default: the current directory).

Exit status: 0 success (lint: no findings), 1 lint findings, 2 usage or config error,
3 internal error.`;

export class UsageError extends Error {}

const OPTIONS = {
  config: { type: 'string' },
  files: { type: 'string' },
  base: { type: 'string' },
  head: { type: 'string' },
  event: { type: 'string' },
  'event-name': { type: 'string' },
  format: { type: 'string', default: 'table' },
  repo: { type: 'string', default: '.' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
};

const FORMATS = ['table', 'json', 'github'];

/** The known flag closest to `flag` (without dashes), when one is close enough to be a typo. */
export function suggestFlag(flag) {
  const near = nearest(flag, Object.keys(OPTIONS));
  return near && `--${near}`;
}

/** Unknown `--flag`s before a `--` terminator, with a suggestion when one is near. */
function checkFlags(argv) {
  for (const arg of argv) {
    if (arg === '--') return;
    const m = /^--([^=]+)/.exec(arg);
    if (!m || Object.hasOwn(OPTIONS, m[1])) continue;
    const near = suggestFlag(m[1]);
    throw new UsageError(`unknown option --${m[1]}${near ? `; did you mean ${near}?` : ''}`);
  }
}

/** Parses argv (without node and script) into a command and its options. */
export function parseCommand(argv) {
  checkFlags(argv);
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(err.message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const command = positionals[0] || 'run';
  if (!['run', 'lint'].includes(command)) throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  if (positionals.length > 1) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[1])}`);
  if (values.config === '') throw new UsageError('--config needs a file name');
  if (command === 'lint') {
    for (const key of ['files', 'base', 'head', 'event', 'event-name']) {
      if (values[key] !== undefined) throw new UsageError(`--${key} does not apply to lint`);
    }
    return { command, config: values.config, repo: values.repo };
  }
  if (!FORMATS.includes(values.format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  if ((values.base === undefined) !== (values.head === undefined)) throw new UsageError('--base and --head go together');
  if ((values.event === undefined) !== (values['event-name'] === undefined)) throw new UsageError('--event and --event-name go together');
  const range = values.base !== undefined;
  const event = values.event !== undefined;
  if (range && event) throw new UsageError('give either --base/--head or --event, not both');
  if (range && values.files !== undefined) throw new UsageError('give either --files or --base/--head, not both');
  if (!range && !event && values.files === undefined) throw new UsageError('say what changed: --files FILE|-, --base/--head, or --event/--event-name');
  return {
    command,
    config: values.config,
    repo: values.repo,
    format: values.format,
    files: values.files,
    base: values.base,
    head: values.head,
    event: values.event,
    eventName: values['event-name'],
  };
}
