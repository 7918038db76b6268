/**
 * The one place that talks to the WebAssembly core. Every call goes through
 * call(): if the module ever throws (a trap: a bug, never bad input), the
 * instance is considered poisoned and is not entered again.
 */
import * as wasm from '../../build/wasm/node/changed_backends.js';

let poisoned = null;

/** Thrown by call() once the core has failed; `cause` is the original error. */
export class CoreFailure extends Error {
  constructor(cause) {
    super(`the changed-backends core failed: ${cause && cause.message ? cause.message : String(cause)}`);
    this.name = 'CoreFailure';
    this.cause = cause;
  }
}

function call(name, input) {
  if (poisoned) throw poisoned;
  try {
    return wasm[name](input);
  } catch (err) {
    poisoned = new CoreFailure(err);
    throw poisoned;
  }
}

export const version = () => call('version');
export const plan = (input) => call('plan', input);
export const decide = (input) => call('decide', input);
/** A real WebAssembly trap, for the fallback's end-to-end test only. */
export const testTrap = () => call('testTrap');

/**
 * A second instance of the module with its own memory, for the run-all
 * fallback once this one has failed. Loaded only then: its own copy of the
 * glue (the query makes it a separate module), compiled on demand.
 */
export async function freshCore() {
  let glue;
  try {
    glue = await import('../../build/wasm/node/changed_backends.js?fresh');
  } catch (err) {
    throw new CoreFailure(err);
  }
  return {
    decide(input) {
      try {
        return glue.decide(input);
      } catch (err) {
        throw new CoreFailure(err);
      }
    },
  };
}
