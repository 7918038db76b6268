/**
 * LocalAI's outputs as its spec (section 5) defines them, computed here from
 * the fixture matrix read by flat-matrix.mjs, never by the core: the e2e
 * tests compare the bundled action against this independent reading.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFlatMatrix } from './flat-matrix.mjs';
import { FIXTURES } from './run-action.mjs';

export const SHARDS = 4;

/** The spec's fixed output names (section 5) plus `reason` and `names`; per-name flags come on top. */
export const FIXED_OUTPUTS = [
  'run-all', 'reason', 'names', 'base-sha',
  'matrix-multiarch', 'merge-matrix-multiarch', 'has-backends-multiarch', 'has-merges-multiarch',
  'matrix-darwin', 'has-backends-darwin',
  ...[1, 2, 3, 4].flatMap((n) => [`matrix-singlearch-${n}`, `merge-matrix-singlearch-${n}`, `has-backends-singlearch-${n}`, `has-merges-singlearch-${n}`]),
];

/** The fixture matrix: { include: [...], includeDarwin: [...] }. */
export function localaiMatrix() {
  return parseFlatMatrix(readFileSync(join(FIXTURES, 'localai', 'backend-matrix.yml'), 'utf8'));
}

/** The history sample's commits, parsed. */
export function localaiHistory() {
  return readFileSync(join(FIXTURES, 'localai', 'history-sample.jsonl'), 'utf8')
    .split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

/** An entry's key as the history sample writes it: `tag-suffix|platform-tag`. */
export const keyOf = (e) => `${e['tag-suffix'] ?? ''}|${e['platform-tag'] ?? ''}`;

const isMulti = (e) => typeof e['platform-tag'] === 'string' && e['platform-tag'] !== '';

/** Contiguous balanced shards; earlier shards take the remainder. */
export function shardsOf(list, n = SHARDS) {
  const out = [];
  let at = 0;
  for (let i = 0; i < n; i++) {
    const size = Math.floor(list.length / n) + (i < list.length % n ? 1 : 0);
    out.push(list.slice(at, at + size));
    at += size;
  }
  return out;
}

/** One merge item per distinct tag-suffix, in order of first appearance. */
export function mergeItemsOf(list) {
  const seen = new Map();
  for (const e of list) {
    if (e['tag-suffix'] === undefined || seen.has(e['tag-suffix'])) continue;
    seen.set(e['tag-suffix'], { 'tag-suffix': e['tag-suffix'], 'tag-latest': e['tag-latest'] ?? '' });
  }
  return [...seen.values()];
}

/** Every backend name, in order of first appearance (include, then includeDarwin). */
export function allNames(matrix) {
  return [...new Set([...matrix.include, ...matrix.includeDarwin].map((e) => e.backend))];
}

const json = (list) => JSON.stringify({ include: list });
const bool = (b) => String(b);

/**
 * The full output map for a run. `selected` holds the chosen keys per list
 * ({ include: Set, includeDarwin: Set }; null on a full run), `trueNames`
 * the names whose flag is true, `names` the `names` output's array, `baseSha`
 * the commit compared with (empty on a full run).
 */
export function expectedOutputs(matrix, { runAll, reason, selected = null, trueNames, names, baseSha = '' }) {
  const chosen = (list) => (selected ? matrix[list].filter((e) => selected[list].has(keyOf(e))) : [...matrix[list]]);
  const linux = chosen('include');
  const darwin = chosen('includeDarwin');
  const multi = linux.filter(isMulti);
  const single = linux.filter((e) => !isMulti(e));
  const out = new Map();
  out.set('run-all', bool(runAll));
  out.set('reason', reason);
  out.set('matrix-multiarch', json(multi));
  out.set('has-backends-multiarch', bool(multi.length > 0));
  out.set('merge-matrix-multiarch', json(mergeItemsOf(multi)));
  out.set('has-merges-multiarch', bool(mergeItemsOf(multi).length > 0));
  shardsOf(single).forEach((shard, i) => {
    const merges = mergeItemsOf(shard);
    out.set(`matrix-singlearch-${i + 1}`, json(shard));
    out.set(`has-backends-singlearch-${i + 1}`, bool(shard.length > 0));
    out.set(`merge-matrix-singlearch-${i + 1}`, json(merges));
    out.set(`has-merges-singlearch-${i + 1}`, bool(merges.length > 0));
  });
  out.set('matrix-darwin', json(darwin));
  out.set('has-backends-darwin', bool(runAll || darwin.length > 0));
  out.set('names', JSON.stringify(names));
  out.set('base-sha', baseSha);
  const flagged = new Set(trueNames);
  for (const n of allNames(matrix)) out.set(n, bool(flagged.has(n)));
  return out;
}

/** Expected outputs of a full run (every entry, every flag true). */
export function fullRunOutputs(matrix, reason) {
  const names = allNames(matrix);
  return expectedOutputs(matrix, { runAll: true, reason, trueNames: names, names });
}
