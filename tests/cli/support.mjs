/**
 * Test support for the CLI: throwaway git repositories and a runner for
 * `node js/cli/main.js`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT, ensureLib } from '../lib/build.mjs';

export { ROOT, ensureLib };
export const CLI = join(ROOT, 'js', 'cli', 'main.js');

/** Runs the CLI; returns { code, stdout, stderr }. */
export function cli(args, { cwd = ROOT, input } = {}) {
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd, input, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A fresh git repository with a fixed identity; remove it with `cleanup()`. */
export function makeRepo() {
  const dir = mkdtempSync(join(tmpdir(), 'changed-backends-'));
  const git = (...args) =>
    execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Test',
        GIT_AUTHOR_EMAIL: 'test@example.com',
        GIT_COMMITTER_NAME: 'Test',
        GIT_COMMITTER_EMAIL: 'test@example.com',
        GIT_CONFIG_NOSYSTEM: '1',
        HOME: dir,
      },
    }).trim();
  git('init', '-q', '-b', 'main');
  const write = (path, text) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  const commit = (message) => {
    git('add', '-A');
    git('commit', '-q', '-m', message);
    return git('rev-parse', 'HEAD');
  };
  return { dir, git, write, commit, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Parses `--format github` output into [name, value] pairs, checking the heredoc framing. */
export function parseGithubOutput(text) {
  const pairs = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] === '') continue;
    const head = /^([^<]+)<<(ghadelimiter_[0-9a-f-]+)$/.exec(lines[i]);
    if (!head) throw new Error(`not a heredoc header: ${JSON.stringify(lines[i])}`);
    const end = lines.indexOf(head[2], i + 1);
    if (end === -1) throw new Error(`unterminated value for ${head[1]}`);
    pairs.push([head[1], lines.slice(i + 1, end).join('\n')]);
    i = end;
  }
  return pairs;
}
