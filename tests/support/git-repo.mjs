/**
 * A real git repository in a temp dir, built by the test: the fake API
 * answers from it, so file lists, renames and merge bases are git's own.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.invalid',
  GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
  GIT_CONFIG_NOSYSTEM: '1', HOME: tmpdir(),
};

export class GitRepo {
  constructor(dir) {
    this.dir = dir ?? mkdtempSync(join(tmpdir(), 'cb-repo-'));
    this.git('init', '-q', '-b', 'main');
    this.git('config', 'core.quotepath', 'false');
  }

  git(...args) {
    return execFileSync('git', args, { cwd: this.dir, env: ENV, encoding: 'utf8', maxBuffer: 64 << 20 });
  }

  /** Writes files ({path: text}); a null text deletes the file. */
  write(files) {
    for (const [path, text] of Object.entries(files)) {
      const full = join(this.dir, path);
      if (text === null) {
        rmSync(full, { force: true });
      } else {
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, text);
      }
    }
  }

  /** Commits everything in the tree; returns the new sha. */
  commit(message, files = {}) {
    this.write(files);
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.head();
  }

  /** git mv, then commit. */
  rename(from, to, message = `rename ${from}`) {
    mkdirSync(dirname(join(this.dir, to)), { recursive: true });
    this.git('mv', from, to);
    return this.commit(message);
  }

  head() {
    return this.git('rev-parse', 'HEAD').trim();
  }

  checkout(ref, create = false) {
    if (create) this.git('checkout', '-q', '-b', ref);
    else this.git('checkout', '-q', ref);
  }

  remove() {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
