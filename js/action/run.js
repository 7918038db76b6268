/**
 * The action's flow: inputs -> the library's driver (plan, answers, decide)
 * -> outputs. Decisions are the core's; this file only moves data and
 * applies the failure policy (authoring errors fail the step, anything else
 * does not). Dependencies are parameters so the flow can be tested without
 * the module.
 */
import * as core from '@actions/core';
import { CoreFailure, drive } from '../lib/loop.js';
import { readInputs } from './inputs.js';
import { createWorkspace } from './workspace.js';
import { createAnswer } from './answer.js';
import { reportProblems, writeOutputs, logResult, writeSummary } from './outputs.js';

/**
 * deps.core: the instance to drive (plan, decide, defaultConfigPath); deps.freshCore: async () =>
 * a new, independent instance (decide), loaded only after deps.core failed;
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
  const configPath = inputs.configPath || deps.core.defaultConfigPath();
  let config;
  try {
    config = workspace.read(configPath);
  } catch (err) {
    core.setFailed(`cannot read the config ${JSON.stringify(configPath)}: ${err.message}`);
    return;
  }

  const input = {
    config: { path: configPath, text: config.text ?? '' },
    event: { ...inputs.event, forceAll: inputs.forceAll },
  };
  // A config that is not UTF-8 goes as bytes, an event file over the limit as its size: the core says what is wrong.
  if (config.bytes) input.configBytes = config.bytes;
  if (inputs.eventSize !== undefined) input.eventSize = inputs.eventSize;
  if (!input.event.repository) delete input.event.repository;
  if (inputs.baseline.mode !== 'event') input.baseline = inputs.baseline;

  const answer = createAnswer({
    workspace,
    connect: async () => {
      const { createApi } = await deps.api();
      return createApi({ token: inputs.token, requestTimeoutMs: inputs.requestTimeoutMs, maxWaitMs: inputs.maxWaitMs });
    },
  });

  let result;
  try {
    // A failing core never ends the step without outputs: the driver renders
    // the run-all result from a fresh instance, once the matrix was read.
    result = await drive(deps.core, input, answer, {
      freshCore: deps.freshCore,
      onFallback: (failure) => core.warning(`${failure.message}; running every matrix entry instead`),
    });
  } catch (err) {
    if (!(err instanceof CoreFailure)) throw err;
    core.setFailed(`${err.message}; no fallback result was available`);
    return;
  }
  await finish(result, inputs);
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
