/** Entry point of the action (bundled to dist/index.js). */
import * as actionsCore from '@actions/core';
import { core, freshCore } from './core.js';
import { run } from './run.js';

// Octokit is only imported by api.js, on first use: most events need no API call.
run({ core, freshCore, api: () => import('./api.js') })
  .catch((err) => {
    // Only a bug in this glue gets here; the message is ours, not untrusted text.
    actionsCore.setFailed(`changed-backends: unexpected error: ${JSON.stringify(String((err && err.stack) || err))}`);
  })
  // Outputs are written synchronously and the summary is awaited; exiting
  // here drops retries octokit may still have scheduled after the budget ran out.
  .finally(() => process.exit());
