/**
 * Holds the loaded core. Node loads it at import time; browsers only after
 * `await init()`, so every call goes through `current()` to fail clearly.
 */
let loaded = null;

/** Called once by a platform entry when the WebAssembly module is ready. */
export function install(core) {
  loaded = core;
}

/** The loaded core's exports; throws when used before `init()` resolved. */
export function current() {
  if (loaded === null) {
    throw new Error('changed-backends: the WebAssembly core is not loaded yet; await init() first');
  }
  return loaded;
}
