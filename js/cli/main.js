#!/usr/bin/env node
/**
 * changed-backends command line: dry runs and lint on a local repository,
 * with the same WebAssembly core the GitHub Action uses.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { USAGE, UsageError, parseCommand } from './args.js';
import { runCommand } from './run.js';
import { lintCommand } from './lint.js';

async function loadLibrary() {
  try {
    return await import('../../build/lib/node/index.js');
  } catch (err) {
    if (err && err.code === 'ERR_MODULE_NOT_FOUND') {
      const missing = new Error(`the library is not built (${err.message}); run \`npm run build:wasm && npm run build:lib\``);
      missing.code = 'NOT_BUILT';
      throw missing;
    }
    throw err;
  }
}

async function main(argv) {
  let options;
  try {
    options = parseCommand(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`changed-backends: ${err.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options.command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const lib = await loadLibrary();
  if (options.command === 'version') {
    process.stdout.write(`${lib.version()}\n`);
    return 0;
  }
  try {
    if (options.config === undefined) {
      // Like the action: the config's usual place in the repository.
      options.config = join(options.repo, lib.defaultConfigPath());
      if (!existsSync(options.config)) throw new UsageError(`no config at ${options.config} (the default place); pass --config FILE`);
    }
    if (options.command === 'lint') return lintCommand(options, lib, process.stdout, process.stderr);
    return await runCommand(options, lib, process.stdout, process.stderr);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`changed-backends: ${err.message}\n`);
    return 2;
  }
}

// A reader that stops early (`| head`) is not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    const text = err && err.code === 'NOT_BUILT' ? err.message : err && err.stack ? err.stack : String(err);
    process.stderr.write(`changed-backends: ${err && err.code === 'NOT_BUILT' ? '' : 'internal error: '}${text}\n`);
    process.exitCode = 3;
  },
);
