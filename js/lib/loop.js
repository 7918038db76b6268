/**
 * The plan/decide conversation with the core. The core decides what it needs
 * to know (files to read, API pages to fetch); the caller only answers. One
 * generator serves both the synchronous driver (in-memory answers) and the
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

function* conversation(core, input) {
  const responses = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const planned = core.plan({ ...input, responses });
    if (planned.errors.length > 0) {
      // An authoring error: let decide() build the failing result, keeping
      // plan's problems if decide saw none.
      const result = core.decide({ ...input, responses });
      return result.errors.length > 0 ? result : { ...result, errors: planned.errors };
    }
    if (planned.requests.length === 0) break;
    const answered = yield planned.requests;
    responses.push(...answered);
  }
  return core.decide({ ...input, responses });
}

function success(id, data) {
  return { id, ok: true, data };
}

function failure(id, err) {
  if (err instanceof RequestError) {
    const error = { kind: err.kind, message: err.message };
    if (err.status !== undefined) error.status = err.status;
    return { id, ok: false, error };
  }
  const message = err && err.message ? err.message : String(err);
  return { id, ok: false, error: { kind: 'io', message } };
}

/** Runs the loop with an answer function that returns data synchronously. */
export function resolveSync(core, input, answer) {
  const talk = conversation(core, input);
  let step = talk.next();
  while (!step.done) {
    const responses = step.value.map((request) => {
      try {
        return success(request.id, answer(request));
      } catch (err) {
        return failure(request.id, err);
      }
    });
    step = talk.next(responses);
  }
  return step.value;
}

/** Runs the loop with an answer function that may return promises; answers a round in parallel. */
export async function resolveAsync(core, input, answer) {
  const talk = conversation(core, input);
  let step = talk.next();
  while (!step.done) {
    const responses = await Promise.all(
      step.value.map(async (request) => {
        try {
          return success(request.id, await answer(request));
        } catch (err) {
          return failure(request.id, err);
        }
      }),
    );
    step = talk.next(responses);
  }
  return step.value;
}
