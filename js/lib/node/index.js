/**
 * Node entry: the generated ESM glue reads the .wasm synchronously at import,
 * so the library is usable as soon as it is imported. `init()` exists only
 * so that code written for browsers runs here unchanged.
 */
import * as glue from '../wasm/node/changed_backends.js';
import { install } from '../slot.js';

install(glue);

export * from '../index.js';

/** Already loaded in Node; resolves at once. */
export function init() {
  return Promise.resolve();
}

/** Already loaded in Node; does nothing (for code shared with browsers). */
export function initSync() {}

export default init;
