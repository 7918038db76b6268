// A copy of dist/ whose core calls can be recorded once and then replayed:
// the whole action with the core's work taken out. Used by
// `bench-action.mjs --floor` to measure what the rest of the stack costs
// (Node loading the bundle, compiling and instantiating the module, reading
// inputs, octokit and the API round trips, writing outputs and the summary),
// i.e. the least any core could make a run cost. Never shipped: the copy is
// made in a temporary directory from the built dist/.
//
// The bundled index.js is patched in two places (the action's `plan` and
// `decide` calls); if the bundle no longer has exactly one of each, this
// fails loudly rather than measure something else.
//
// In the copy, with CB_BENCH_FLOOR_FILE set:
//   CB_BENCH_FLOOR_MODE=record  calls the core and writes each result, in
//                               order, to that file (v8 serialisation)
//   CB_BENCH_FLOOR_MODE=replay  returns the recorded results without calling
//                               the core (the module is still compiled and
//                               instantiated when the bundle loads)
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PRELUDE = `import { serialize as __floorSave, deserialize as __floorLoad } from "node:v8";
import { readFileSync as __floorRead, writeFileSync as __floorWrite } from "node:fs";
const __floorMode = process.env.CB_BENCH_FLOOR_MODE;
const __floorFile = process.env.CB_BENCH_FLOOR_FILE;
const __floorSeen = [];
const __floorReplay = __floorMode === "replay" ? __floorLoad(__floorRead(__floorFile)) : null;
function __floor(call, input) {
  if (__floorReplay) return __floorReplay[__floorSeen.push(0) - 1];
  const result = call(input);
  if (__floorMode === "record") { __floorSeen.push(result); __floorWrite(__floorFile, __floorSave(__floorSeen)); }
  return result;
}
`;

/** The two calls of the action's core object in the bundle, and what replaces them. */
const PATCHES = [
  ['plan: (input) => plan(input),', 'plan: (input) => __floor(plan, input),'],
  ['    return decide(input);\n  }\n};', '    return __floor(decide, input);\n  }\n};'],
];

/** Copies `dist` to `to` and patches its index.js; returns `to`. */
export function makeFloorDist(dist, to) {
  cpSync(dist, to, { recursive: true });
  const file = join(to, 'index.js');
  let text = readFileSync(file, 'utf8');
  for (const [from, into] of PATCHES) {
    const n = text.split(from).length - 1;
    if (n !== 1) throw new Error(`floor-dist: expected one ${JSON.stringify(from)} in ${file}, found ${n}; update PATCHES`);
    text = text.replace(from, into);
  }
  // After the first line (the bundle's createRequire banner): imports first.
  const cut = text.indexOf('\n') + 1;
  writeFileSync(file, text.slice(0, cut) + PRELUDE + text.slice(cut));
  return to;
}
