/**
 * The action's answers to the core's requests: `read`s from the checked-out
 * workspace, everything else from the GitHub API. The API client (and
 * octokit with it) is created on the first request that needs it, so events
 * that need no API call never load it; its time budget starts then.
 */
export function createAnswer({ workspace, connect }) {
  let api = null;
  return (request) => {
    if (request.kind === 'read') return workspace.read(request.path);
    api ??= connect();
    return api.then((client) => client.answer(request));
  };
}
