/**
 * Browser entry (no bundler needed): `await init()` fetches the .wasm that
 * ships next to this file; pass a URL, Response, bytes or a compiled
 * WebAssembly.Module to load it from elsewhere. A bundler moves this file
 * away from the .wasm, so bundled apps pass the module's URL (the package
 * exports it as `changed-backends/wasm`) or its bytes to `initSync`.
 */
import glueInit, { initSync as glueInitSync } from '../wasm/web/changed_backends.js';
import * as glue from '../wasm/web/changed_backends.js';
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

/**
 * Loads the core synchronously from bytes or a compiled WebAssembly.Module
 * (workers, tests, or a module inlined by the bundler). Browsers allow
 * synchronous compilation of small modules only on workers; prefer `init`.
 */
export function initSync(source) {
  if (loading === null) {
    glueInitSync({ module: source });
    install(glue);
    loading = Promise.resolve();
  }
}

export default init;
