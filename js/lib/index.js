/**
 * The library's public surface, shared by the Node and browser entries. The
 * entries differ only in how they load the WebAssembly module.
 */
import { createApi } from './api.js';
import { current } from './slot.js';

const api = createApi(current);

export const { select, plan, decide, validate, lint, run, runSync, version, defaultConfigPath } = api;
export { explain, formatProblem } from './explain.js';
export { oneLine } from './text.js';
export { parseChanges } from './changes.js';
export { CoreFailure, RequestError, MAX_ROUNDS } from './loop.js';
