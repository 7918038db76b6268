/**
 * The action's WebAssembly core: the instance it drives, and a second one,
 * loaded only to render the run-all fallback once the first has failed.
 */
import * as wasm from '../../build/wasm/node/changed_backends.js';

/**
 * The loaded instance's calls. Test seam: with
 * CHANGED_BACKENDS_TEST_TRAP=1, decide traps first, a real WebAssembly trap
 * once the fallback is possible (tests/action/trap.test.mjs).
 */
export const core = {
  defaultConfigPath: () => wasm.defaultConfigPath(),
  plan: (input) => wasm.plan(input),
  decide(input) {
    if (process.env.CHANGED_BACKENDS_TEST_TRAP === '1') wasm.testTrap();
    return wasm.decide(input);
  },
};

/**
 * A new instance with its own memory: its own copy of the glue (the query
 * makes it a separate module, bundled as its own chunk), compiled on demand.
 */
export function freshCore() {
  return import('../../build/wasm/node/changed_backends.js?fresh');
}
