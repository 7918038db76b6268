/**
 * Browser entry (no bundler needed): `await init()` fetches the .wasm that
 * ships next to this file; pass a URL, Response, bytes or a compiled
 * WebAssembly.Module to load it from elsewhere.
 */
import glueInit, * as glue from '../wasm/web/changed_backends.js';
import { install } from '../slot.js';

export * from '../index.js';

let loading = null;

/** Loads the core once; later calls return the same promise. */
export function init(source) {
  if (loading === null) {
    const options = source === undefined ? undefined : { module_or_path: source };
    loading = glueInit(options).then(
      () => install(glue),
      (err) => {
        loading = null;
        throw err;
      },
    );
  }
  return loading;
}

export default init;
