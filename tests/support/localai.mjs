/**
 * A LocalAI-shaped repository for end-to-end runs: the fixture matrix and the
 * example config at their real paths, plus event payloads patched to it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GitRepo } from './git-repo.mjs';
import { FIXTURES, ROOT, fixtureEvent } from './run-action.mjs';

export const OWNER = 'mudler';
export const NAME = 'LocalAI';
export const ZERO = '0'.repeat(40);

export function localaiRepo() {
  const repo = new GitRepo();
  repo.commit('initial', {
    '.github/backend-matrix.yml': readFileSync(join(FIXTURES, 'localai', 'backend-matrix.yml'), 'utf8'),
    '.github/changed-backends.yml': readFileSync(join(ROOT, 'examples', 'localai', 'changed-backends.yml'), 'utf8'),
    'README.md': 'LocalAI\n',
  });
  return repo;
}

function withRepo(payload) {
  payload.repository = { ...payload.repository, name: NAME, full_name: `${OWNER}/${NAME}`, owner: { ...(payload.repository?.owner ?? {}), login: OWNER, name: OWNER } };
  return payload;
}

export function pushEvent({ before, after, ref = 'refs/heads/master', forced = false, deleted = false, created = false }) {
  return withRepo({ ...fixtureEvent('push'), ref, before, after, forced, deleted, created, base_ref: null });
}

export function pullEvent({ number, base, head, name = 'pull_request-synchronize' }) {
  const p = fixtureEvent(name);
  p.number = number;
  p.pull_request = { ...p.pull_request, number, base: { ...p.pull_request.base, sha: base }, head: { ...p.pull_request.head, sha: head } };
  return withRepo(p);
}

export function mergeGroupEvent({ base, head }) {
  const p = fixtureEvent('merge_group');
  p.merge_group = { ...p.merge_group, base_sha: base, head_sha: head };
  return withRepo(p);
}

export function dispatchEvent() {
  return withRepo(fixtureEvent('workflow_dispatch'));
}
