/**
 * The action's flow: inputs -> plan/answer loop -> decide -> outputs.
 * Decisions are the core's; this file only moves data and applies the
 * failure policy (authoring errors fail the step, anything else does not).
 * Dependencies are parameters so the flow can be tested without the module.
 */
import * as core from '@actions/core';
import { readInputs } from './inputs.js';
import { createWorkspace } from './workspace.js';
import { reportProblems, writeOutputs, logResult, writeSummary } from './outputs.js';

/** Plan rounds before deciding with what we have (the core bounds its own requests). */
export const MAX_ROUNDS = 10;

/**
 * deps.core: the module of core.js (plan, decide); deps.freshCore: async () =>
 * a new, independent instance (decide), called only after deps.core failed;
 * deps.api: () => import of api.js, called only when the core asks for API data.
 */
export async function run(deps) {
  let inputs;
  try {
    inputs = readInputs();
  } catch (err) {
    core.setFailed(String(err && err.message));
    return;
  }

  const workspace = createWorkspace(inputs.root);
  const config = workspace.read(inputs.configPath);
  if (!config.ok) {
    core.setFailed(`cannot read the config ${JSON.stringify(inputs.configPath)}: ${config.error.message}`);
    return;
  }

  const cb = deps.core;
  const input = {
    config: { path: inputs.configPath, text: config.data.text ?? '' },
    event: { ...inputs.event, forceAll: inputs.forceAll },
  };
  // A config that is not UTF-8 goes as bytes, an event file over the limit as its size: the core says what is wrong.
  if (config.data.bytes) input.configBytes = config.data.bytes;
  if (inputs.eventSize !== undefined) input.eventSize = inputs.eventSize;
  if (!input.event.repository) delete input.event.repository;
  if (inputs.baseline.mode !== 'event') input.baseline = inputs.baseline;

  const responses = [];
  // The run-all fallback's input, fixed once the matrix was read. It is
  // rendered only if the core fails, by a fresh instance (the failed one is
  // never entered again), so a run that does not fail never pays for it.
  let fallbackInput = null;
  let api = null;

  try {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const p = cb.plan({ ...input, responses });
      if (p.errors.length > 0) {
        reportProblems(p.errors);
        core.setFailed(`${p.errors.length} problem(s) in the configuration or matrix`);
        return;
      }
      if (p.requests.length === 0) break;

      // Workspace reads first: they are local and carry the matrix, which
      // the fallback needs before anything slower or riskier happens.
      const reads = p.requests.filter((r) => r.kind === 'read');
      const remote = p.requests.filter((r) => r.kind !== 'read');
      for (const r of reads) responses.push({ id: r.id, ...workspace.read(r.path) });
      if (!fallbackInput) fallbackInput = { ...input, responses: [...responses], fallbackReason: 'internal-error' };

      if (remote.length > 0) {
        if (!api) {
          const { createApi } = await deps.api();
          api = createApi({ token: inputs.token, requestTimeoutMs: inputs.requestTimeoutMs, maxWaitMs: inputs.maxWaitMs });
        }
        responses.push(...(await Promise.all(remote.map((r) => api.serve(r)))));
      }
    }
    if (!fallbackInput) fallbackInput = { ...input, responses: [...responses], fallbackReason: 'internal-error' };
    // Test seam: a real trap once the fallback is possible (tests/action/trap.test.mjs).
    if (process.env.CHANGED_BACKENDS_TEST_TRAP === '1') cb.testTrap();
    const result = cb.decide({ ...input, responses });
    await finish(result, inputs);
  } catch (err) {
    if (!(err && err.name === 'CoreFailure')) throw err;
    const fallback = fallbackInput && (await renderFallback(deps, fallbackInput));
    if (!fallback) {
      core.setFailed(`${err.message}; no fallback result was available`);
      return;
    }
    core.warning(`${err.message}; running every matrix entry instead`);
    await finish(fallback, inputs);
  }
}

/** The run-all result from a fresh core instance, or null if that fails too. */
async function renderFallback(deps, fallbackInput) {
  try {
    const fresh = await deps.freshCore();
    return fresh.decide(fallbackInput);
  } catch (err) {
    if (!(err && err.name === 'CoreFailure')) throw err;
    return null;
  }
}

/** Applies a Result: fail on authoring errors, else outputs, logs and summary. */
async function finish(result, inputs) {
  if (result.errors.length > 0) {
    reportProblems(result.errors);
    core.setFailed(`${result.errors.length} problem(s) in the configuration or matrix`);
    return;
  }
  writeOutputs(result);
  logResult(result);
  if (inputs.summary) await writeSummary(result);
}
