/**
 * Replays a history-sample commit in a test repository: a base commit holding
 * the files the change touches, then a head commit whose diff from the base
 * is exactly the recorded file list (statuses and renames included), so the
 * fake API serves what GitHub served for the real commit.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Distinct per path, so git never pairs unrelated adds and removes as renames. */
const text = (path, when) => `${path}\n${when}\n`;

/** Commits base and head for `changed` ([{filename, status, previous_filename}]); returns their shas. */
export function replayCommit(repo, changed, label = 'replay') {
  const before = {};
  const after = {};
  const renames = [];
  for (const f of changed) {
    switch (f.status) {
      case 'added': after[f.filename] = text(f.filename, 'added'); break;
      case 'removed': before[f.filename] = text(f.filename, 'before'); after[f.filename] = null; break;
      case 'modified': case 'changed':
        before[f.filename] = text(f.filename, 'before'); after[f.filename] = text(f.filename, 'after'); break;
      case 'renamed': before[f.previous_filename] = text(f.previous_filename, 'before'); renames.push(f); break;
      default: throw new Error(`cannot replay status ${JSON.stringify(f.status)} of ${f.filename}`);
    }
  }
  const base = repo.commit(`${label}: base`, before);
  repo.write(after);
  for (const f of renames) {
    mkdirSync(dirname(join(repo.dir, f.filename)), { recursive: true });
    repo.git('mv', f.previous_filename, f.filename);
  }
  const head = repo.commit(`${label}: head`);
  return { base, head };
}

/** The file list of base..head as `status:path[<previous]`, sorted, for comparing with a recorded list. */
export function describeFiles(files) {
  return files.map((f) => `${f.status}:${f.filename}${f.previous_filename ? `<${f.previous_filename}` : ''}`).sort();
}
