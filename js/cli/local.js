/**
 * Answers the core's requests from a local checkout instead of the GitHub
 * API: workspace reads from the repo directory, previous revisions with git,
 * and file lists either from the list the user gave or from git history.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, normalize, sep } from 'node:path';
import {
  GitError,
  aheadBehind,
  commitNameStatus,
  commitsBetween,
  diffNameStatus,
  mergeBase,
  showFile,
} from './git.js';

/** A workspace-relative path that stays inside the repository, or null. */
function inside(repo, path) {
  if (typeof path !== 'string' || path === '' || isAbsolute(path)) return null;
  const clean = normalize(path);
  if (clean === '..' || clean.startsWith(`..${sep}`)) return null;
  return join(repo, clean);
}

function compareStatus({ ahead, behind }) {
  if (ahead === 0 && behind === 0) return 'identical';
  if (behind === 0) return 'ahead';
  if (ahead === 0) return 'behind';
  return 'diverged';
}

/**
 * Builds the answer function. `files` (a File[] or null) is the user's own
 * list: when given, every file-listing request is answered with it, as of
 * the commit `headSha`.
 */
export function localAnswer({ repo, files, headSha = '', parseChanges, RequestError }) {
  const gitFailure = (err) =>
    err instanceof GitError ? new RequestError('not-found', err.message) : err;

  const listed = (extra) => {
    if (files) return { files, ...extra };
    return null;
  };

  return (request) => {
    switch (request.kind) {
      case 'read': {
        const full = inside(repo, request.path);
        if (!full) throw new RequestError('io', `refusing to read ${JSON.stringify(request.path)} outside the repository`);
        try {
          return { text: readFileSync(full, 'utf8') };
        } catch (err) {
          if (err.code === 'ENOENT' || err.code === 'ENOTDIR') throw new RequestError('not-found', `${request.path} does not exist`);
          throw new RequestError('io', `${request.path}: ${err.message}`);
        }
      }
      case 'content': {
        const text = request.ref ? showFile(repo, request.ref, request.path) : null;
        if (text === null) throw new RequestError('not-found', `${request.path} does not exist at ${request.ref || '(no revision)'}`);
        return { text };
      }
      case 'pull-files': {
        const answer = listed({ headSha, changedFiles: files ? new Set(files.map((f) => f.filename)).size : 0 });
        if (answer) return answer;
        throw new RequestError('io', 'a pull request\'s files cannot be listed locally; pass them with --files');
      }
      case 'compare': {
        const answer = listed({ status: 'ahead', totalCommits: 1 });
        if (answer) return answer;
        try {
          const counts = aheadBehind(repo, request.base, request.head);
          return {
            status: compareStatus(counts),
            totalCommits: counts.ahead,
            files: parseChanges(diffNameStatus(repo, request.base, request.head)),
            mergeBaseSha: mergeBase(repo, request.base, request.head),
          };
        } catch (err) {
          throw gitFailure(err);
        }
      }
      case 'commits': {
        try {
          return { shas: commitsBetween(repo, request.base, request.head).slice(0, request.maxCommits) };
        } catch (err) {
          throw gitFailure(err);
        }
      }
      case 'commit-files': {
        const answer = listed({});
        if (answer) return answer;
        try {
          return { files: parseChanges(commitNameStatus(repo, request.sha)).slice(0, request.maxFiles) };
        } catch (err) {
          throw gitFailure(err);
        }
      }
      default:
        throw new RequestError('io', `unknown request kind ${JSON.stringify(request.kind)}`);
    }
  };
}
