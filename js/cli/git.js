/**
 * The few git questions the CLI asks of a local repository. Failures come
 * back as GitError so callers can tell "no such revision or path" apart.
 */
import { execFileSync } from 'node:child_process';

export class GitError extends Error {
  constructor(args, stderr) {
    super(`git ${args.join(' ')}: ${stderr.trim() || 'failed'}`);
    this.name = 'GitError';
    this.stderr = stderr;
  }
}

/** Runs git in `repo` and returns stdout as text. */
export function git(repo, args) {
  try {
    return execFileSync('git', args, {
      cwd: repo,
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (err) {
    if (err.code === 'ENOENT') throw new GitError(args, 'git is not installed');
    throw new GitError(args, String(err.stderr || err.message));
  }
}

/** Whether `repo` is inside a git work tree (false when git is missing too). */
export function isWorkTree(repo) {
  try {
    return git(repo, ['rev-parse', '--is-inside-work-tree']).trim() === 'true';
  } catch {
    return false;
  }
}

/** The commit a revision names, or null when it names none. */
export function resolveCommit(repo, rev) {
  try {
    return git(repo, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]).trim() || null;
  } catch {
    return null;
  }
}

/** `git diff --name-status -M -z` between two commits (three dots: from their merge base). */
export function diffNameStatus(repo, base, head, { threeDot = true } = {}) {
  const range = threeDot ? [`${base}...${head}`] : [base, head];
  return git(repo, ['-c', 'diff.renames=true', 'diff', '--name-status', '-M', '-z', '--end-of-options', ...range, '--']);
}

/** The files a single commit changed against its first parent (or all of them for a root commit). */
export function commitNameStatus(repo, sha) {
  const parents = git(repo, ['rev-list', '--parents', '-n', '1', '--end-of-options', sha]).trim().split(' ').slice(1);
  if (parents.length === 0) {
    return git(repo, ['diff-tree', '-r', '-M', '-z', '--name-status', '--no-commit-id', '--root', '--end-of-options', sha]);
  }
  return diffNameStatus(repo, parents[0], sha, { threeDot: false });
}

/** Commits reachable from head but not base, oldest first. */
export function commitsBetween(repo, base, head) {
  const out = git(repo, ['rev-list', '--reverse', '--end-of-options', `${base}..${head}`, '--']).trim();
  return out === '' ? [] : out.split('\n');
}

/** How many commits head is ahead of and behind base. */
export function aheadBehind(repo, base, head) {
  const out = git(repo, ['rev-list', '--left-right', '--count', '--end-of-options', `${base}...${head}`, '--']).trim();
  const [behind, ahead] = out.split(/\s+/).map(Number);
  return { ahead, behind };
}

/** A file's bytes at a revision as text, or null when the path does not exist there. */
export function showFile(repo, ref, path) {
  try {
    return git(repo, ['cat-file', 'blob', '--end-of-options', `${ref}:${path}`]);
  } catch (err) {
    if (err instanceof GitError) return null;
    throw err;
  }
}

/** Every tracked path of the work tree. */
export function listFiles(repo) {
  return git(repo, ['ls-files', '-z']).split('\0').filter((p) => p !== '');
}
