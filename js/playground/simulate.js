/**
 * Stands in for GitHub: builds the event payload for the chosen event kind
 * and hands it to the core with the changed-files pane, which answers the
 * event's file lists in the core. The page answers the matrix read and, for
 * `baseline: last-success`, the list of successful runs. Which entries run,
 * and why, is decided by the core alone.
 */

const REPOSITORY = { full_name: 'example/repo', name: 'repo', owner: { login: 'example' } };
const BASE_SHA = '1111111111111111111111111111111111111111';
const HEAD_SHA = '2222222222222222222222222222222222222222';
/** The head of the simulated last successful run (`baseline: last-success`). */
const LAST_SUCCESS_SHA = '3333333333333333333333333333333333333333';
const LAST_SUCCESS_RUN = {
  id: 7, run_number: 41, head_sha: LAST_SUCCESS_SHA, head_branch: 'main', event: 'push', status: 'completed',
  conclusion: 'success', html_url: 'https://github.com/example/repo/actions/runs/7',
};

/** A plausible payload for each event kind the playground offers. */
function payloadFor(kind) {
  switch (kind) {
    case 'push':
    case 'push-last-success':
      return { name: 'push', payload: { ref: 'refs/heads/main', before: BASE_SHA, after: HEAD_SHA, created: false, deleted: false, repository: REPOSITORY } };
    case 'tag':
      return { name: 'push', payload: { ref: 'refs/tags/v1.0.0', before: '0'.repeat(40), after: HEAD_SHA, created: true, deleted: false, repository: REPOSITORY } };
    case 'pull_request':
      return {
        name: 'pull_request',
        payload: {
          action: 'synchronize',
          number: 1,
          pull_request: { number: 1, base: { ref: 'main', sha: BASE_SHA }, head: { ref: 'feature', sha: HEAD_SHA } },
          repository: REPOSITORY,
        },
      };
    case 'schedule':
      return { name: 'schedule', payload: { schedule: '0 3 * * *', repository: REPOSITORY } };
    case 'workflow_dispatch':
      return { name: 'workflow_dispatch', payload: { ref: 'refs/heads/main', inputs: {}, repository: REPOSITORY } };
    default:
      return null;
  }
}

/** The file name of problems in the changed-files pane. */
export const FILES_PANE = 'changed files';

/**
 * Runs the core on the playground's state. Returns the result and the path
 * the core read the matrix pane as (to pin matrix problems to that pane).
 * A changed-files line that cannot be read is shown as a problem of that
 * pane, never dropped.
 */
export function simulate(lib, state) {
  let files;
  try {
    files = lib.parseChanges(state.files);
  } catch (err) {
    if (err.line === undefined) throw err;
    const problem = { kind: 'syntax', file: FILES_PANE, line: err.line, column: 1, message: err.message, hint: '' };
    return { result: { errors: [problem] }, matrixPath: null };
  }
  // No path: the core reads the config as its default path (lib.defaultConfigPath()).
  const input = { config: { text: state.config }, changes: { files } };
  const event = payloadFor(state.event);
  if (event) {
    input.event = { name: event.name, payload: JSON.stringify(event.payload), forceAll: state.forceAll, repository: REPOSITORY.full_name };
    if (state.event === 'push-last-success') {
      input.baseline = { mode: 'last-success', runId: '8', workflowRef: 'example/repo/.github/workflows/build.yml@refs/heads/main' };
    }
  }

  let matrixPath = null;
  const answer = (request) => {
    switch (request.kind) {
      case 'read':
        // The matrix pane is the only workspace file the playground has.
        matrixPath = request.path;
        return { text: state.matrix };
      case 'workflow-runs':
        return { total_count: 1, workflow_runs: [LAST_SUCCESS_RUN] };
      default:
        throw new lib.RequestError('not-found', `the playground has no ${request.kind} for ${request.path || request.id}`);
    }
  };
  const result = lib.runSync(input, answer);
  return { result, matrixPath };
}
