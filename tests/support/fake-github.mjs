/**
 * A real HTTP server on 127.0.0.1 standing in for the GitHub REST API. It
 * answers from a real git repository (GitRepo), so merge bases, statuses,
 * renames and pagination follow git, and it can inject faults.
 *
 *   const gh = await startFakeGitHub({ repo, owner: 'o', name: 'r', pulls: { 7: { base, head } } });
 *   gh.url        base URL (with the /api/v3 prefix when prefix is set)
 *   gh.requests   every request seen: { method, path, query, at, done }, with
 *                 `at` its arrival and `done` the end of its answer
 *                 (performance.now() of the server's process)
 *   gh.setLatency(ms)  hold every answer ms milliseconds (a distant server:
 *                 requests in flight together then overlap in the log)
 *   gh.fault(re, response, times)  answer requests whose path matches re with
 *                 response ({status, headers, body} | {status, headers, raw} | 'hang' | 'malformed')
 *                 `times` times; `raw` (a string or a Buffer) is sent as the body, byte for byte
 *                 A response with `cutAfter: n` declares the whole body's
 *                 content-length, sends n bytes of it and resets the connection;
 *                 without `body`/`raw` it cuts the real answer.
 *   gh.rateLimit(re, { status = 429, retryAfter, secondary, times })
 *                 a rate-limit answer: `retry-after` header when retryAfter is
 *                 given, a "secondary rate limit" message when secondary is true
 *   gh.shiftPages(n, afterPages = 1)  after `afterPages` more list pages are
 *                 served, every paged list starts n items later (as if n items
 *                 left the front of the list between two requests)
 *   gh.clearFaults()
 *   gh.setRuns(runs)  the Actions workflow runs the API knows, any order:
 *                 { id, head_sha, head_branch?, event?, status?, conclusion?, workflow? }
 *                 (workflow: the file name, default build.yml); listed newest first
 *
 * Paged lists (pull request files, a commit's files, workflow runs, compare
 * commits) carry GitHub's `link` header with `rel="next"` while items remain.
 *
 * Options: `pageSize` caps every page below what `per_page` asks (a server
 * that pages short); `pulls[n].changedFiles` overrides the PR's changed_files;
 * `memoGit: true` answers a repeated git command (same arguments) from memory,
 * failures included, so the server answers at once once warm, as when timing
 * the action rather than git. Valid only while the repository does not change:
 * a commit, branch or checkout after the first request is not seen. Off by
 * default: the tests change their repositories between requests.
 */
import { createServer } from 'node:http';

const ZERO = /^0{40}$/;
const STATUS = { A: 'added', D: 'removed', M: 'modified', T: 'changed', R: 'renamed', C: 'copied' };

/** Parses `git diff --name-status -z -M` output into API file objects. */
function parseNameStatus(out) {
  const parts = out.split('\0');
  const files = [];
  for (let i = 0; i + 1 < parts.length; ) {
    const code = parts[i++];
    if (!code) break;
    const letter = code[0];
    if (letter === 'R' || letter === 'C') {
      const from = parts[i++];
      const to = parts[i++];
      files.push({ sha: '0'.repeat(40), filename: to, previous_filename: from, status: STATUS[letter], additions: 0, deletions: 0, changes: 0 });
    } else {
      files.push({ sha: '0'.repeat(40), filename: parts[i++], status: STATUS[letter] ?? 'modified', additions: 0, deletions: 0, changes: 0 });
    }
  }
  return files;
}

/** One workflow run in the REST API's shape (the fields the action reads, and some it does not). */
function workflowRun({ owner, name, workflows }, r) {
  const file = r.workflow ?? 'build.yml';
  const html = `https://github.com/${owner}/${name}`;
  return {
    id: r.id, name: 'build', node_id: `WFR_${r.id}`, check_suite_id: r.id * 10,
    head_branch: r.head_branch ?? 'main', head_sha: r.head_sha,
    path: `.github/workflows/${file}`, display_title: 'a commit', run_number: r.run_number ?? r.id, run_attempt: 1,
    event: r.event ?? 'push', status: r.status ?? 'completed', conclusion: r.conclusion === undefined ? 'success' : r.conclusion,
    workflow_id: workflows[file], url: `https://api.github.com/repos/${owner}/${name}/actions/runs/${r.id}`,
    html_url: `${html}/actions/runs/${r.id}`, pull_requests: [],
    created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, r.id)).toISOString(),
    updated_at: new Date(Date.UTC(2026, 0, 1, 0, 0, r.id)).toISOString(),
    head_commit: { id: r.head_sha, message: 'm' },
    repository: { id: 1, name, full_name: `${owner}/${name}` },
  };
}

/** GitHub's workflow-runs `status` filter takes a status or a conclusion. */
const CONCLUSIONS = new Set(['success', 'failure', 'neutral', 'cancelled', 'skipped', 'timed_out', 'action_required', 'stale', 'startup_failure']);

export async function startFakeGitHub({ repo, owner = 'octo', name = 'repo', prefix = '', pulls = {}, compareFileCap = 300, pullFileCap = 3000, commitFileCap = 3000, pageSize = 100, memoGit = false } = {}) {
  const requests = [];
  const faults = [];
  let runs = [];
  const workflows = { 'build.yml': 161335, 'other.yml': 161336 };
  const runShape = (r) => workflowRun({ owner, name, workflows }, r);
  const hanging = new Set();
  const shift = { by: 0, pending: null };

  const memo = memoGit ? new Map() : null;
  const git = (...args) => {
    if (!memo) return repo.git(...args);
    const key = JSON.stringify(args);
    let hit = memo.get(key);
    if (!hit) {
      try {
        hit = { out: repo.git(...args) };
      } catch (error) {
        hit = { error };
      }
      memo.set(key, hit);
    }
    if (hit.error) throw hit.error;
    return hit.out;
  };
  const exists = (sha) => {
    try {
      git('cat-file', '-e', `${sha}^{commit}`);
      return true;
    } catch {
      return false;
    }
  };
  const diff = (from, to) => parseNameStatus(git('diff', '--name-status', '-z', '-M', from, to));
  const commitFiles = (sha) => parseNameStatus(git('diff-tree', '--no-commit-id', '-r', '--name-status', '-z', '-M', '--root', sha));

  /** Set by page(): the `link` header of the page just cut, or null on the last. */
  let nextLink = null;

  function page(list, query, defaultPer = 30) {
    const per = Math.min(Number(query.get('per_page') ?? defaultPer) || defaultPer, 100, pageSize);
    const n = Math.max(Number(query.get('page') ?? 1) || 1, 1);
    const from = shift.by;
    if (shift.pending !== null && --shift.pending.after <= 0) {
      shift.by = shift.pending.by;
      shift.pending = null;
    }
    const more = new URLSearchParams(query);
    more.set('page', String(n + 1));
    nextLink = list.length > from + n * per ? `<http://127.0.0.1/next?${more}>; rel="next"` : null;
    return list.slice(from + (n - 1) * per, from + n * per);
  }

  function compare(base, head, query) {
    if (!exists(base) || !exists(head)) return [404, { message: 'Not Found' }];
    let mergeBase;
    try {
      mergeBase = git('merge-base', base, head).trim();
    } catch {
      return [404, { message: 'No common ancestor between base and head.' }];
    }
    const ahead = git('rev-list', '--reverse', `${mergeBase}..${head}`).split('\n').filter(Boolean);
    const behind = Number(git('rev-list', '--count', `${mergeBase}..${base}`).trim());
    const status = ahead.length === 0 && behind === 0 ? 'identical' : behind === 0 ? 'ahead' : ahead.length === 0 ? 'behind' : 'diverged';
    const paged = query.has('per_page') || query.has('page');
    // Unpaged: the first 250 commits, like GitHub. Paged: the requested page.
    const commits = (paged ? page(ahead, query, 250) : ahead.slice(0, 250)).map((sha) => ({ sha, commit: { message: 'm' } }));
    const files = diff(mergeBase, head).slice(0, compareFileCap);
    return [200, {
      url: 'x', status, ahead_by: ahead.length, behind_by: behind, total_commits: ahead.length,
      base_commit: { sha: base }, merge_base_commit: { sha: mergeBase }, commits, files,
    }];
  }

  function route(method, path, query, accept) {
    if (method !== 'GET') return [405, { message: 'Method not allowed' }];
    const repoPath = `/repos/${owner}/${name}`;
    if (!path.startsWith(repoPath + '/')) return [404, { message: 'Not Found' }];
    const rest = path.slice(repoPath.length);
    let m;
    if ((m = /^\/compare\/([^/]+?)\.\.\.([^/]+)$/.exec(rest))) return compare(decodeURIComponent(m[1]), decodeURIComponent(m[2]), query);
    if ((m = /^\/pulls\/(\d+)\/files$/.exec(rest))) {
      const pr = pulls[m[1]];
      if (!pr) return [404, { message: 'Not Found' }];
      const mb = git('merge-base', pr.base, pr.head).trim();
      return [200, page(diff(mb, pr.head).slice(0, pullFileCap), query)];
    }
    if ((m = /^\/pulls\/(\d+)$/.exec(rest))) {
      const pr = pulls[m[1]];
      if (!pr) return [404, { message: 'Not Found' }];
      const changed = pr.changedFiles ?? diff(git('merge-base', pr.base, pr.head).trim(), pr.head).length;
      return [200, { number: Number(m[1]), head: { sha: pr.head }, base: { sha: pr.base }, changed_files: changed }];
    }
    if ((m = /^\/commits\/([^/]+)$/.exec(rest))) {
      const sha = decodeURIComponent(m[1]);
      if (!exists(sha)) return [404, { message: 'Not Found' }];
      const full = git('rev-parse', sha).trim();
      return [200, { sha: full, commit: { message: 'm' }, files: page(commitFiles(full).slice(0, commitFileCap), query, 300) }];
    }
    if ((m = /^\/actions\/runs\/(\d+)$/.exec(rest))) {
      const run = runs.find((r) => r.id === Number(m[1]));
      return run ? [200, runShape(run)] : [404, { message: 'Not Found' }];
    }
    if ((m = /^\/actions\/workflows\/([^/]+)\/runs$/.exec(rest))) {
      const wf = decodeURIComponent(m[1]);
      const file = Object.keys(workflows).find((f) => f === wf || String(workflows[f]) === wf);
      if (!file) return [404, { message: 'Not Found' }];
      const want = (key, value) => !query.has(key) || query.get(key) === value;
      const status = query.get('status');
      const listed = runs.map(runShape)
        .filter((r) => r.path === `.github/workflows/${file}` && want('branch', r.head_branch) && want('event', r.event))
        .filter((r) => !status || (CONCLUSIONS.has(status) ? r.conclusion === status : r.status === status))
        .sort((a, b) => b.id - a.id);
      return [200, { total_count: listed.length, workflow_runs: page(listed, query) }];
    }
    if ((m = /^\/contents\/(.+)$/.exec(rest))) {
      const file = decodeURIComponent(m[1]);
      const ref = query.get('ref') ?? 'HEAD';
      let text;
      try {
        text = git('show', `${ref}:${file}`);
      } catch {
        return [404, { message: 'Not Found' }];
      }
      if (/application\/vnd\.github\.raw/.test(accept)) return [200, text, { 'content-type': 'application/vnd.github.raw; charset=utf-8' }];
      return [200, { type: 'file', path: file, encoding: 'base64', content: Buffer.from(text).toString('base64') }];
    }
    return [404, { message: 'Not Found' }];
  }

  let latencyMs = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const record = { method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams), at: performance.now(), done: null };
    requests.push(record);
    res.once('close', () => (record.done = performance.now()));
    if (latencyMs > 0) setTimeout(() => answer(req, res, url), latencyMs);
    else answer(req, res, url);
  });

  function answer(req, res, url) {
    let path = url.pathname;
    if (prefix) {
      if (!path.startsWith(prefix + '/')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"no prefix"}');
        return;
      }
      path = path.slice(prefix.length);
    }
    // A fault's pattern sees the path, and the path with its query (to tell pages apart).
    const fault = faults.find((f) => f.times > 0 && (f.re.test(path) || f.re.test(path + url.search)));
    if (fault && fault.response && typeof fault.response.cutAfter === 'number') {
      fault.times -= 1;
      const r = fault.response;
      let status = r.status ?? 200;
      let headers = { 'content-type': 'application/json; charset=utf-8', ...(r.headers ?? {}) };
      let text;
      if (typeof r.raw === 'string') text = r.raw;
      else if (r.body !== undefined) text = JSON.stringify(r.body);
      else {
        let body, extra;
        [status, body, extra] = route(req.method, path, url.searchParams, req.headers.accept ?? '');
        if (typeof body === 'string') {
          text = body;
          headers = extra ?? { 'content-type': 'text/plain; charset=utf-8' };
        } else text = JSON.stringify(body);
      }
      const bytes = Buffer.from(text);
      res.writeHead(status, { ...headers, 'content-length': String(bytes.length) });
      res.write(bytes.subarray(0, Math.min(r.cutAfter, bytes.length)));
      // Let the bytes leave before the reset.
      setTimeout(() => res.socket && res.socket.resetAndDestroy ? res.socket.resetAndDestroy() : res.destroy(), 20);
      return;
    }
    if (fault) {
      fault.times -= 1;
      if (fault.response === 'hang') {
        hanging.add(res);
        return;
      }
      if (fault.response === 'malformed') {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end('{"status": "ahead", "files": [');
        return;
      }
      const { raw } = fault.response;
      if (typeof raw === 'string' || Buffer.isBuffer(raw)) {
        res.writeHead(fault.response.status ?? 200, { 'content-type': 'application/json; charset=utf-8', ...(fault.response.headers ?? {}) }).end(raw);
        return;
      }
      const { status = 500, headers = {}, body = { message: 'Server Error' } } = fault.response;
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
      return;
    }
    let status, body, headers;
    try {
      nextLink = null;
      [status, body, headers] = route(req.method, path, url.searchParams, req.headers.accept ?? '');
      if (nextLink) headers = { ...(headers ?? {}), link: nextLink };
    } catch (err) {
      [status, body] = [500, { message: `fake server: ${err.message}` }];
    }
    if (typeof body === 'string') {
      res.writeHead(status, headers ?? { 'content-type': 'text/plain; charset=utf-8' }).end(body);
    } else {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...(headers ?? {}) }).end(JSON.stringify(body));
    }
  }

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    requests,
    fault(re, response, times = Infinity) {
      faults.push({ re, response, times });
    },
    /** Replaces the workflow runs the Actions endpoints answer from. */
    setRuns(list) {
      runs = [...list];
    },
    rateLimit(re, { status = 429, retryAfter, secondary = false, times = 1 } = {}) {
      const headers = retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) };
      const message = secondary ? 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' : 'API rate limit exceeded';
      faults.push({ re, response: { status, headers, body: { message } }, times });
    },
    shiftPages(by, afterPages = 1) {
      shift.pending = { by, after: afterPages };
    },
    /** Holds every answer `ms` milliseconds, as a distant server would (0: answer at once). */
    setLatency(ms) {
      latencyMs = ms;
    },
    /** Drops every fault not yet used up. */
    clearFaults() {
      faults.length = 0;
    },
    /** Request paths (without prefix and query) that matched re. */
    count(re) {
      return requests.filter((r) => re.test(r.path)).length;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export { ZERO };
