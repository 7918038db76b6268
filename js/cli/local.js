/**
 * Answers the core's requests from a local checkout instead of the GitHub
 * API: workspace reads from the repo directory, previous revisions and the
 * changes of a commit range with git. A file list the user gave goes to the
 * core with the event, which answers the file-list requests from it itself.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, normalize, sep } from 'node:path';
import {
  GitError,
  aheadBehind,
  commitNameStatus,
  commitsBetween,
  diffNameStatus,
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

/** Builds the answer function for the repository in `repo`. */
export function localAnswer({ repo, parseChanges, RequestError }) {
  const gitFailure = (err) =>
    err instanceof GitError ? new RequestError('not-found', err.message) : err;

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
      case 'pull-files':
        throw new RequestError('io', 'a pull request\'s files cannot be listed locally; pass them with --files');
      case 'compare': {
        try {
          const counts = aheadBehind(repo, request.base, request.head);
          return {
            status: compareStatus(counts),
            totalCommits: counts.ahead,
            files: parseChanges(diffNameStatus(repo, request.base, request.head)),
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
