import { createRequire as __cbCreateRequire } from 'node:module';
const require = __cbCreateRequire(import.meta.url);

// js/lib/loop.js
var MAX_ROUNDS = 10;
var RequestError = class extends Error {
  constructor(kind, message, status) {
    super(message);
    this.name = "RequestError";
    this.kind = kind;
    if (status !== void 0) this.status = status;
  }
};
var CoreFailure = class extends Error {
  constructor(cause) {
    super(`the changed-backends core failed: ${cause && cause.message ? cause.message : String(cause)}`);
    this.name = "CoreFailure";
    this.cause = cause;
  }
};
var trapped = /* @__PURE__ */ new WeakMap();
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
function fallbackInput(input, requests, responses) {
  const reads = new Set(requests.filter((r) => r.kind === "read").map((r) => r.id));
  return { ...input, responses: responses.filter((r) => reads.has(r.id)), fallbackReason: "internal-error" };
}
function* conversation(core, input, state) {
  const responses = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const planned = callCore(core, "plan", { ...input, responses });
    if (planned.errors.length > 0) {
      const result = callCore(core, "decide", { ...input, responses });
      return result.errors.length > 0 ? result : { ...result, errors: planned.errors };
    }
    if (planned.requests.length === 0) break;
    const answered = yield planned.requests;
    if (round === 0) state.fallback = fallbackInput(input, planned.requests, answered);
    responses.push(...answered);
  }
  state.fallback ??= fallbackInput(input, [], []);
  return callCore(core, "decide", { ...input, responses });
}
function failed(id, err) {
  if (err instanceof RequestError) {
    const error = { kind: err.kind, message: err.message };
    if (err.status !== void 0) error.status = err.status;
    return { id, ok: false, error };
  }
  const message = err && err.message ? err.message : String(err);
  return { id, ok: false, error: { kind: "io", message } };
}
async function serve(answer, request) {
  try {
    return { id: request.id, ok: true, data: await answer(request) };
  } catch (err) {
    return failed(request.id, err);
  }
}
async function drive(core, input, answer, { freshCore, onFallback } = {}) {
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
      result = callCore(await freshCore(), "decide", state.fallback);
    } catch {
      throw failure;
    }
    if (onFallback) onFallback(failure);
    return result;
  }
}

export {
  RequestError,
  CoreFailure,
  drive
};
