/**
 * The one driver of the plan/answer conversation with the core, used by the
 * library, the CLI, the playground and the action. The core decides what it
 * needs to know (files to read, API pages to fetch); the caller's answer
 * function only answers: it returns the data, or throws a RequestError. One
 * generator serves the synchronous driver (in-memory answers) and the
 * asynchronous one (git, network), so the loop exists once.
 */

/** The core is asked at most this many times before deciding with what it has. */
export const MAX_ROUNDS = 10;

/**
 * A failed answer to a core request. `kind` is one of the contract's error
 * kinds: http, network, timeout, malformed, not-found, io.
 */
export class RequestError extends Error {
  constructor(kind, message, status) {
    super(message);
    this.name = 'RequestError';
    this.kind = kind;
    if (status !== undefined) this.status = status;
  }
}

/** The core threw: a bug (a WebAssembly trap), never bad input. `cause` is the original error. */
export class CoreFailure extends Error {
  constructor(cause) {
    super(`the changed-backends core failed: ${cause && cause.message ? cause.message : String(cause)}`);
    this.name = 'CoreFailure';
    this.cause = cause;
  }
}

/** Cores that trapped: their memory is in an unknown state, so they are never entered again. */
const trapped = new WeakMap();

/** Calls the core; any throw becomes a CoreFailure, and a trap poisons that core for good. */
function callCore(core, name, input) {
  const earlier = trapped.get(core);
  if (earlier) throw earlier;
  try {
    return core[name](input);
  } catch (err) {
    const failure = new CoreFailure(err);
    if (err instanceof WebAssembly.RuntimeError) trapped.set(core, failure);
    throw failure;
  }
}

/**
 * The input the run-all fallback is rendered from: the caller's input and the
 * answers to the first round's `read` requests (the workspace files, the
 * matrix among them), never an API answer, which may be what broke the core.
 */
function fallbackInput(input, requests, responses) {
  const reads = new Set(requests.filter((r) => r.kind === 'read').map((r) => r.id));
  return { ...input, responses: responses.filter((r) => reads.has(r.id)), fallbackReason: 'internal-error' };
}

/** `state.fallback` is set once the first round is answered (or when there is none). */
function* conversation(core, input, state) {
  const responses = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const planned = callCore(core, 'plan', { ...input, responses });
    if (planned.errors.length > 0) {
      // An authoring error: let decide() build the failing result, keeping
      // plan's problems if decide saw none.
      const result = callCore(core, 'decide', { ...input, responses });
      return result.errors.length > 0 ? result : { ...result, errors: planned.errors };
    }
    if (planned.requests.length === 0) break;
    const answered = yield planned.requests;
    if (round === 0) state.fallback = fallbackInput(input, planned.requests, answered);
    responses.push(...answered);
  }
  state.fallback ??= fallbackInput(input, [], []);
  return callCore(core, 'decide', { ...input, responses });
}

/** The wire form of a failed answer; anything but a RequestError counts as an I/O failure. */
function failed(id, err) {
  if (err instanceof RequestError) {
    const error = { kind: err.kind, message: err.message };
    if (err.status !== undefined) error.status = err.status;
    return { id, ok: false, error };
  }
  const message = err && err.message ? err.message : String(err);
  return { id, ok: false, error: { kind: 'io', message } };
}

/** Answers one request with `answer`; resolves to `{ id, ok: true, data }` or `{ id, ok: false, error }`. */
export async function serve(answer, request) {
  try {
    return { id: request.id, ok: true, data: await answer(request) };
  } catch (err) {
    return failed(request.id, err);
  }
}

function serveSync(answer, request) {
  try {
    return { id: request.id, ok: true, data: answer(request) };
  } catch (err) {
    return failed(request.id, err);
  }
}

/** Runs the loop with an answer function that returns data synchronously. */
export function driveSync(core, input, answer) {
  const talk = conversation(core, input, {});
  let step = talk.next();
  while (!step.done) step = talk.next(step.value.map((request) => serveSync(answer, request)));
  return step.value;
}

/**
 * Runs the loop with an answer function that may return promises; a round's
 * requests are answered in parallel.
 *
 * Hooks (both optional, for callers that must never end without a result):
 * - `freshCore: async () => core`: when `core` fails after the first round,
 *   a new, independent instance renders the run-all result (reason
 *   internal-error) from the input and the workspace reads; loaded only then.
 * - `onFallback(failure)`: told just before that result is returned.
 * Without them, or when the fallback fails too, the CoreFailure is thrown.
 */
export async function drive(core, input, answer, { freshCore, onFallback } = {}) {
  const state = {};
  try {
    const talk = conversation(core, input, state);
    let step = talk.next();
    while (!step.done) step = talk.next(await Promise.all(step.value.map((request) => serve(answer, request))));
    return step.value;
  } catch (failure) {
    if (!(failure instanceof CoreFailure) || !freshCore || !state.fallback) throw failure;
    let result;
    try {
      result = callCore(await freshCore(), 'decide', state.fallback);
    } catch {
      throw failure;
    }
    if (onFallback) onFallback(failure);
    return result;
  }
}
