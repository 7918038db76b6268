/**
 * Answers the core's GitHub API requests: each answer is the data, or a
 * thrown RequestError (HTTP errors, sockets, timeouts, odd bodies are all
 * classified). This module is imported on first use only (see main.js), so
 * events that need no API call never load octokit; its requests go through
 * transport.js.
 */
import { Octokit as BaseOctokit } from '@octokit/core';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { RequestError } from '../lib/loop.js';
import { createFetch } from './transport.js';

/**
 * The client @actions/github's getOctokit builds, with the retry and
 * throttling plugins, made with the same options (API URL, token, user
 * agent) but without importing @actions/github, whose module loads undici.
 */
const Octokit = BaseOctokit.plugin(retry, throttling);

/**
 * Hands a failure through octokit untouched: octokit rethrows an error named
 * AbortError as it is (after setting its `status` to 500, hence the wrapper
 * around our failure) and the retry plugin does not schedule another attempt.
 */
function stop(failure) {
  const carrier = new Error(failure.message, { cause: failure });
  carrier.name = 'AbortError';
  return carrier;
}

/** The budget ran out. */
function outOfTime() {
  return new RequestError('timeout', 'the time allowed for API requests (max-wait-seconds) ran out');
}

/** Octokit's own logging is silenced: its messages may quote untrusted text. */
const silent = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * The user agent @actions/github gives its clients: octokit's own, tagged
 * with the runner's orchestration id when there is one.
 */
function userAgent() {
  const id = (process.env.ACTIONS_ORCHESTRATION_ID || '').trim();
  return id ? `actions_orchestration_id/${id.replace(/[^a-z0-9_.-]/gi, '_')}` : undefined;
}

/**
 * How many retries of a failed attempt (5xx, socket error, timeout) fit in
 * the budget: attempt k is preceded by a k*k second back-off (the retry
 * plugin's schedule) and may take up to `perTryMs`.
 */
export function retriesWithin(budgetMs, perTryMs) {
  let n = 0;
  let worst = perTryMs;
  while (n < 3) {
    const next = worst + (n + 1) * (n + 1) * 1000 + perTryMs;
    if (next > budgetMs) break;
    worst = next;
    n += 1;
  }
  return n;
}

/** Turns whatever octokit threw into a RequestError. */
function classify(err, deadlineHit) {
  if (err instanceof RequestError) return err;
  if (err && err.cause instanceof RequestError) return err.cause;
  if (deadlineHit()) return outOfTime();
  const cause = err && err.cause;
  if (err && err.response) {
    const status = err.status;
    const data = err.response.data;
    const apiMessage = data && typeof data === 'object' && typeof data.message === 'string' ? data.message : String(err.message || '');
    return new RequestError(status === 404 ? 'not-found' : 'http', `HTTP ${status}: ${apiMessage}`, status);
  }
  const name = (cause && cause.name) || (err && err.name);
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new RequestError('timeout', 'the API did not answer within request-timeout-seconds');
  }
  const code = cause && (cause.code || (cause.cause && cause.cause.code));
  return new RequestError('network', `network error${code ? ` (${code})` : ''}: ${String((err && err.message) || err)}`);
}

/**
 * A value of an API answer passed on for the core to judge, made shallow:
 * an array or object becomes an empty one of the same type (the core reads
 * only scalars where these are passed, so its verdict is unchanged) and a
 * BigInt outside the 64-bit range a Number. What octokit parsed may nest
 * without bound or hold integers too large for the boundary; either would
 * stop the core on its input instead of letting it answer `api-error`.
 */
function shallow(value) {
  if (Array.isArray(value)) return [];
  if (value !== null && typeof value === 'object') return {};
  if (typeof value === 'bigint' && (value < -(2n ** 63n) || value >= 2n ** 64n)) return Number(value);
  return value;
}

function fileOf(f) {
  if (!f || typeof f !== 'object' || typeof f.filename !== 'string') {
    throw new RequestError('malformed', 'a file entry has no filename');
  }
  const out = { filename: f.filename };
  if (typeof f.status === 'string') out.status = f.status;
  // Passed on (shallow) whatever its type: the core refuses a rename whose
  // previous name is missing or not a string.
  if (Object.hasOwn(f, 'previous_filename')) out.previous_filename = shallow(f.previous_filename);
  return out;
}

const RUN_FIELDS = ['id', 'head_sha', 'head_branch', 'event', 'status', 'conclusion', 'run_number', 'workflow_id', 'html_url', 'created_at'];

/** The fields of a listed run the core looks at (the API's run objects are large). */
function runOf(run) {
  if (!run || typeof run !== 'object' || Array.isArray(run)) return shallow(run);
  return Object.fromEntries(RUN_FIELDS.filter((k) => Object.hasOwn(run, k)).map((k) => [k, shallow(run[k])]));
}

function objectBody(data, what) {
  if (!data || typeof data !== 'object' || Array.isArray(data) || data instanceof ArrayBuffer) {
    throw new RequestError('malformed', `the ${what} response is not a JSON object`);
  }
  return data;
}

function arrayBody(data, what) {
  if (!Array.isArray(data)) throw new RequestError('malformed', `the ${what} response is not a JSON array`);
  return data;
}

/**
 * Whether a paged answer's `link` header names a next page: any link whose
 * `rel` (in any case, quoted or not, among other parameters) lists `next`.
 */
export function namesNext(headers) {
  const link = headers && headers.link;
  if (typeof link !== 'string') return false;
  return link.split(/,(?=\s*<)/).some((one) => {
    const params = one.slice(one.indexOf('>') + 1).split(';');
    return params.some((param) => {
      const [key, ...rest] = param.split('=');
      const value = rest.join('=').trim().replace(/^"(.*)"$/, '$1');
      return key.trim().toLowerCase() === 'rel' && value.toLowerCase().split(/\s+/).includes('next');
    });
  });
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Decodes a contents response: raw text, raw bytes, or the JSON form with
 * base64 content. The JSON form must be whole: base64 that decodes cleanly
 * and a `size` equal to the decoded length, or the answer is malformed.
 */
function contentText(data) {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new TextDecoder('utf-8').decode(data);
  if (data && typeof data === 'object' && !Array.isArray(data) && typeof data.content === 'string') {
    if (data.encoding !== 'base64') throw new RequestError('malformed', 'the contents response is not base64-encoded');
    const packed = data.content.replace(/[\r\n]/g, '');
    if (packed.length % 4 !== 0 || !BASE64.test(packed)) throw new RequestError('malformed', 'the contents response holds invalid base64');
    const bytes = Buffer.from(packed, 'base64');
    if (typeof data.size === 'number' && data.size !== bytes.length) {
      throw new RequestError('malformed', `the contents response declares ${data.size} bytes but holds ${bytes.length}`);
    }
    return bytes.toString('utf8');
  }
  throw new RequestError('malformed', 'the contents response holds neither raw text nor base64 content');
}

/**
 * Seconds a rate-limited answer asks us to wait, or null when it is not a
 * rate limit we handle: a 429 or 403 with `retry-after`, or a 403/429 whose
 * message names a secondary rate limit (GitHub then asks for at least 60 s).
 */
function rateLimitWait(res, bytes) {
  if (res.status !== 429 && res.status !== 403) return null;
  const header = res.headers.get('retry-after');
  if (header !== null && /^\s*\d+\s*$/.test(header)) return Number(header);
  if (/secondary rate limit/i.test(bytes.toString('utf8'))) return 60;
  return null;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * createApi({ token, requestTimeoutMs, maxWaitMs }) -> { answer(request) -> Promise<data> }.
 * The budget starts when createApi is called and is shared by every request.
 */
export function createApi({ token, requestTimeoutMs, maxWaitMs, log = silent }) {
  const deadline = Date.now() + maxWaitMs;
  const remaining = () => deadline - Date.now();
  const deadlineHit = () => remaining() <= 0;
  let client;

  function octokit() {
    if (client) return client;
    if (!token) throw new RequestError('io', 'the token input is empty: the GitHub API cannot be asked');
    const send = createFetch();
    // One timeout per attempt (the retry plugin reuses the options, so a
    // signal passed per call would already be spent on the second attempt).
    // The answer arrives whole or the attempt fails (see transport.js).
    const attempt = async (url, opts) => {
      const left = remaining();
      if (left <= 0) throw stop(outOfTime());
      const signals = [AbortSignal.timeout(Math.max(1, Math.min(requestTimeoutMs, left)))];
      if (opts.signal) signals.push(opts.signal);
      try {
        return await send(url, { ...opts, signal: AbortSignal.any(signals) });
      } catch (err) {
        // An answer too large or in an unknown encoding would be so again: no retry.
        throw err instanceof RequestError && err.kind === 'malformed' ? stop(err) : err;
      }
    };
    // Rate limits (429, or 403 with retry-after or a secondary-limit
    // message): wait as GitHub asks when that fits in the budget, else stop
    // at once; named AbortError so no plugin retries at its own pace.
    const fetch = async (url, opts = {}) => {
      for (let tries = 0; ; tries++) {
        const res = await attempt(url, opts);
        const wait = rateLimitWait(res, res.bytes);
        if (wait === null) return res;
        if (tries >= 3 || wait * 1000 + requestTimeoutMs > remaining()) {
          const why = tries >= 3 ? 'still limited after 3 waits' : `the API asks to wait ${wait} s, more than the time left (max-wait-seconds)`;
          throw stop(new RequestError('http', `HTTP ${res.status}: rate limited; ${why}`, res.status));
        }
        await sleep(wait * 1000);
      }
    };
    // Rate limits: wait as GitHub asks, but never past the budget.
    const onLimit = (retryAfter, _options, _octokit, retryCount) =>
      retryCount < 3 && retryAfter * 1000 + requestTimeoutMs <= remaining();
    client = new Octokit({
      // GHES: GITHUB_API_URL is e.g. https://ghes.example/api/v3.
      baseUrl: (process.env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
      auth: `token ${token}`,
      userAgent: userAgent(),
      log,
      request: { fetch },
      // Set once: a per-call `request.retries` would make the plugin retry every error, 4xx included.
      retry: { retries: retriesWithin(maxWaitMs, requestTimeoutMs) },
      throttle: { onRateLimit: onLimit, onSecondaryRateLimit: onLimit },
    });
    return client;
  }

  /** The data of one GET. */
  async function get(route, params, extra = {}) {
    return (await call(route, params, extra)).data;
  }

  /** One GET's whole response (data and headers). */
  async function call(route, params, extra = {}) {
    const kit = octokit();
    // The budget also bounds back-off sleeps: when it runs out the call is
    // answered as a timeout at once; whatever octokit still has scheduled
    // fails fast (fetch refuses after the deadline) and is ignored.
    let timer;
    const pending = kit.request(route, { ...params, ...extra });
    pending.catch(() => {});
    const expired = new Promise((_, reject) => {
      timer = setTimeout(() => reject(outOfTime()), Math.max(0, remaining()));
    });
    try {
      return await Promise.race([pending, expired]);
    } catch (err) {
      throw classify(err, deadlineHit);
    } finally {
      clearTimeout(timer);
    }
  }

  const handlers = {
    async 'pull-files'({ owner, repo, number, maxFiles }) {
      const pull = async () => {
        const pr = objectBody(await get('GET /repos/{owner}/{repo}/pulls/{pull_number}', { owner, repo, pull_number: number }), 'pull request');
        const headSha = pr.head && pr.head.sha;
        if (typeof headSha !== 'string') throw new RequestError('malformed', 'the pull request has no head.sha');
        if (!Number.isSafeInteger(pr.changed_files) || pr.changed_files < 0) {
          throw new RequestError('malformed', 'the pull request has no changed_files count');
        }
        return { headSha, changedFiles: pr.changed_files };
      };
      const listPage = async (page) => arrayBody(await get('GET /repos/{owner}/{repo}/pulls/{pull_number}/files',
        { owner, repo, pull_number: number, per_page: 100, page }), 'pull request files');
      // The pull and the first page are asked at once (one round trip for a
      // pull of up to 100 files). The count then decides whether more pages
      // are read, so a server that pages shorter than asked is paged on; the
      // core checks the names listed against the count.
      const [first, firstPage] = await Promise.all([pull(), listPage(1)]);
      const files = [];
      const names = new Set();
      for (let page = 1, data = firstPage; ; data = await listPage(++page)) {
        if (data.length === 0) break;
        for (const f of data) {
          const file = fileOf(f);
          files.push(file);
          names.add(file.filename);
        }
        if (names.size >= first.changedFiles || files.length >= maxFiles) break;
      }
      // Asked again after listing: a head that moved meanwhile is reported,
      // and so is one seen with the first page (moved away and back); the
      // core compares both with the event's.
      return { files, ...(await pull()), headShaBefore: first.headSha };
    },

    async compare({ owner, repo, base, head }) {
      const body = objectBody(await get('GET /repos/{owner}/{repo}/compare/{basehead}',
        { owner, repo, basehead: `${base}...${head}` }), 'compare');
      if (typeof body.status !== 'string' || typeof body.total_commits !== 'number') {
        throw new RequestError('malformed', 'the compare response lacks status or total_commits');
      }
      return {
        status: body.status,
        totalCommits: body.total_commits,
        files: Array.isArray(body.files) ? body.files.map(fileOf) : null,
      };
    },

    async commits({ owner, repo, base, head, maxCommits }) {
      const shas = [];
      for (let page = 1; ; page++) {
        const body = objectBody(await get('GET /repos/{owner}/{repo}/compare/{basehead}',
          { owner, repo, basehead: `${base}...${head}`, per_page: 100, page }), 'compare');
        const commits = arrayBody(body.commits, 'compare commits');
        for (const c of commits) {
          if (!c || typeof c.sha !== 'string') throw new RequestError('malformed', 'a commit has no sha');
          shas.push(c.sha);
        }
        if (commits.length < 100 || shas.length >= maxCommits) break;
      }
      return { shas };
    },

    // A commit's files have no count to check the list against: a page is
    // the last when it is short of what was asked and names no next page (a
    // server that pages shorter than asked names one); an empty page that
    // names one contradicts itself. Every other page adds a file, so the
    // loop ends by maxFiles at the latest, a list the core takes as capped.
    async 'commit-files'({ owner, repo, sha, maxFiles }) {
      const files = [];
      for (let page = 1; ; page++) {
        const res = await call('GET /repos/{owner}/{repo}/commits/{ref}', { owner, repo, ref: sha, per_page: 100, page });
        const list = arrayBody(objectBody(res.data, 'commit').files, 'commit files');
        const next = namesNext(res.headers);
        if (list.length === 0 && next) throw new RequestError('malformed', 'an empty page of a commit\'s files names a next page');
        for (const f of list) files.push(fileOf(f));
        if (files.length >= maxFiles || (list.length < 100 && !next)) break;
      }
      return { files };
    },

    // The runs answers are passed on field by field, unchecked: the core
    // checks their shape (a wrong one is api-error, never "no runs").
    async 'workflow-run'({ owner, repo, runId }) {
      const body = objectBody(await get('GET /repos/{owner}/{repo}/actions/runs/{run_id}',
        { owner, repo, run_id: runId }), 'workflow run');
      return { workflow_id: shallow(body.workflow_id), path: shallow(body.path) };
    },

    async 'workflow-runs'({ owner, repo, workflow, branch, perPage }) {
      const body = objectBody(await get('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs',
        { owner, repo, workflow_id: workflow, branch, event: 'push', status: 'success', exclude_pull_requests: true, per_page: perPage }), 'workflow runs');
      const runs = body.workflow_runs;
      return { total_count: shallow(body.total_count), workflow_runs: Array.isArray(runs) ? runs.map(runOf) : shallow(runs) };
    },

    async content({ owner, repo, path, ref }) {
      const data = await get('GET /repos/{owner}/{repo}/contents/{path}',
        { owner, repo, path, ref }, { headers: { accept: 'application/vnd.github.raw' } });
      return { text: contentText(data) };
    },
  };

  return {
    /** Answers one request: resolves to its data or rejects with a RequestError. */
    async answer(request) {
      const handler = Object.hasOwn(handlers, request.kind) ? handlers[request.kind] : null;
      if (!handler) throw new RequestError('io', `unsupported request kind ${JSON.stringify(request.kind)}`);
      try {
        return await handler(request);
      } catch (err) {
        throw classify(err, deadlineHit);
      }
    },
  };
}
