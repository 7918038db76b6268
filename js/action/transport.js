/**
 * The `fetch` octokit is given: each request over node:http / node:https,
 * through the runner's proxy when `https_proxy` / `http_proxy` names one.
 * Node's fetch (undici, 800 KB of JavaScript) is neither loaded nor compiled:
 * in a fresh process that was most of what the first API call cost.
 *
 * The proxy rules are @actions/http-client's own (`getProxyUrl`: the
 * variables, `no_proxy`, loopback never proxied) and the proxy agent is the
 * `tunnel` agent its HttpClient builds, so self-hosted runners behind a proxy
 * are served as @actions/github serves them.
 *
 * An answer is read to its end before it is handed on, and one that did not
 * arrive whole (a reset, fewer bytes than `content-length`, a compressed body
 * that ends early) is a failed request, never a shorter truth.
 */
import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import { getProxyUrl } from '@actions/http-client/lib/proxy';
import { RequestError } from '../lib/loop.js';

/** Statuses a GET follows to their `location`, as fetch does by default. */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** fetch's own limit. */
const MAX_REDIRECTS = 20;
/** Statuses that carry no body. */
const NO_BODY = new Set([204, 205, 304]);
/**
 * The most of one answer read, on the wire and once decoded: far above any
 * answer the action asks for (a page of files, a compare, a matrix file),
 * low enough that a hostile or broken server cannot exhaust the runner's
 * memory (a small gzip body may expand a thousandfold) and end the step
 * with no outputs at all.
 */
export const MAX_ANSWER_BYTES = 64 * 1024 * 1024;
/**
 * The most of all answers of one run together, decoded: thousands of pages
 * each under the cap above would otherwise add up to gigabytes.
 */
export const MAX_TOTAL_BYTES = 256 * 1024 * 1024;

const DECODERS = {
  gzip: zlib.gunzipSync,
  'x-gzip': zlib.gunzipSync,
  deflate: zlib.inflateSync,
  br: zlib.brotliDecompressSync,
};

function tooLarge() {
  return new RequestError('malformed', `the answer is larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MiB, the most read`);
}

function tooMuch() {
  return new RequestError('malformed', `the answers together exceed ${MAX_TOTAL_BYTES / 1024 / 1024} MiB, the most read in one run`);
}

/** A response as octokit reads it (status, url, headers, text/json/arrayBuffer), whole and in memory. */
export class Answer {
  constructor({ status, statusText, url, headers, bytes }) {
    this.status = status;
    this.statusText = statusText;
    this.url = url;
    this.headers = new AnswerHeaders(headers);
    this.bytes = bytes;
    this.body = null;
  }

  get ok() {
    return this.status >= 200 && this.status < 300;
  }

  async arrayBuffer() {
    return this.bytes.buffer.slice(this.bytes.byteOffset, this.bytes.byteOffset + this.bytes.length);
  }

  /** UTF-8, invalid bytes replaced and a leading BOM dropped, as Response.text() does. */
  async text() {
    return new TextDecoder('utf-8').decode(this.bytes);
  }

  async json() {
    return JSON.parse(await this.text());
  }
}

/** Read-only headers with Headers' `get`, `has` and [name, value] iteration (names lower-case). */
class AnswerHeaders {
  #map;

  constructor(incoming) {
    this.#map = new Map(Object.entries(incoming).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));
  }

  get(name) {
    return this.#map.get(String(name).toLowerCase()) ?? null;
  }

  has(name) {
    return this.#map.has(String(name).toLowerCase());
  }

  [Symbol.iterator]() {
    return [...this.#map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))[Symbol.iterator]();
  }
}

/**
 * The `tunnel` agent @actions/http-client's HttpClient uses for this target
 * and proxy. Imported only when a proxy is in use: loading it (and the
 * node:assert it requires) costs ~5 CPU ms in a fresh process.
 */
async function proxyAgent(target, proxy) {
  const { default: tunnel } = await import('tunnel');
  const viaHttps = proxy.protocol === 'https:';
  const make = target.protocol === 'https:'
    ? (viaHttps ? tunnel.httpsOverHttps : tunnel.httpsOverHttp)
    : (viaHttps ? tunnel.httpOverHttps : tunnel.httpOverHttp);
  return make({
    maxSockets: http.globalAgent.maxSockets,
    proxy: {
      host: proxy.hostname,
      port: proxy.port,
      ...((proxy.username || proxy.password) && { proxyAuth: `${proxy.username}:${proxy.password}` }),
    },
  });
}

/** Why a request failed below HTTP: shaped like fetch's TypeError, with the socket error as cause. */
function failed(cause) {
  return new TypeError('fetch failed', { cause });
}

/**
 * createFetch() -> fetch(url, { method, headers, body, signal, redirect }) -> Promise<Answer>.
 * Rejects with `signal.reason` when the signal aborts (a TimeoutError for
 * AbortSignal.timeout, as fetch does), with a RequestError for an answer cut
 * off, and with a TypeError whose cause is the socket error otherwise.
 */
export function createFetch() {
  const agents = new Map();
  /** Decoded bytes of every answer so far (see MAX_TOTAL_BYTES). */
  let total = 0;

  /** One agent per protocol and proxy, chosen per request: no_proxy is per host. */
  async function agentFor(target) {
    const proxy = getProxyUrl(target);
    if (!proxy || !proxy.hostname) return undefined; // Node's keep-alive global agents
    const key = `${target.protocol} ${proxy.href}`;
    if (!agents.has(key)) agents.set(key, proxyAgent(target, proxy));
    return agents.get(key);
  }

  function send(target, { method, headers, body }, agent, signal) {
    return new Promise((resolve, reject) => {
      let req;
      let settled = false;
      let answered = false;
      const cut = (detail) => settle(reject, new RequestError('network', `the answer was cut off before its end${detail}`));
      const onAbort = () => {
        if (req) req.destroy();
        settle(reject, signal.reason);
      };
      const settle = (how, value) => {
        if (settled) return;
        settled = true;
        if (signal) signal.removeEventListener('abort', onAbort);
        how(value);
      };
      if (signal) {
        if (signal.aborted) return reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
      }
      const mod = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : null;
      if (!mod) return settle(reject, failed(new Error(`unsupported protocol ${target.protocol}`)));
      try {
        req = mod.request(target, { method, headers, agent }, (res) => {
          answered = true;
          const chunks = [];
          let received = 0;
          res.on('data', (chunk) => {
            received += chunk.length;
            if (received > MAX_ANSWER_BYTES) {
              settle(reject, tooLarge());
              chunks.length = 0;
              req.destroy();
              return;
            }
            chunks.push(chunk);
          });
          res.on('error', (err) => cut(err && err.code ? ` (${err.code})` : ''));
          res.on('close', () => {
            if (!res.complete) cut('');
          });
          res.on('end', () => {
            if (!res.complete) return cut('');
            // A HEAD answer or a 204/304 declares the length of a body it does not send.
            const bodyless = method === 'HEAD' || NO_BODY.has(res.statusCode);
            const declared = res.headers['content-length'];
            if (!bodyless && declared !== undefined && Number(declared) !== received) {
              return cut(`: ${received} of ${Number(declared)} bytes arrived`);
            }
            let bytes = Buffer.concat(chunks, received);
            const encoding = String(res.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
            if (encoding !== 'identity' && !bodyless) {
              const decode = DECODERS[encoding];
              if (!decode) return settle(reject, new RequestError('malformed', `the answer is in an unknown content-encoding ${JSON.stringify(encoding)}`));
              try {
                bytes = decode(bytes, { maxOutputLength: MAX_ANSWER_BYTES });
              } catch (err) {
                if (err && err.code === 'ERR_BUFFER_TOO_LARGE') return settle(reject, tooLarge());
                return cut(` (its ${encoding} stream does not decode)`);
              }
            }
            total += bytes.length;
            if (total > MAX_TOTAL_BYTES) return settle(reject, tooMuch());
            settle(resolve, new Answer({ status: res.statusCode, statusText: res.statusMessage ?? '', url: target.href, headers: res.headers, bytes }));
          });
        });
      } catch (err) {
        return settle(reject, failed(err));
      }
      // A socket error once the answer has begun cuts the answer off.
      req.on('error', (err) => (answered ? cut(err && err.code ? ` (${err.code})` : '') : settle(reject, failed(err))));
      req.end(body);
    });
  }

  return async function fetch(url, { method = 'GET', headers = {}, body, signal, redirect = 'follow' } = {}) {
    let target = new URL(url);
    // Compressed answers, as fetch asks for them; every one is decoded above.
    let sent = { 'accept-encoding': 'gzip, deflate, br', ...headers };
    let verb = method.toUpperCase();
    let payload = body ?? undefined;
    if (payload !== undefined && typeof payload !== 'string' && !Buffer.isBuffer(payload)) {
      throw failed(new Error('only string or Buffer request bodies are sent'));
    }
    for (let hops = 0; ; hops++) {
      const answer = await send(target, { method: verb, headers: sent, body: payload }, await agentFor(target), signal);
      const location = answer.headers.get('location');
      if (!REDIRECTS.has(answer.status) || location === null || redirect === 'manual') return answer;
      if (redirect === 'error') throw failed(new Error(`redirected (HTTP ${answer.status}) while redirects are refused`));
      if (hops >= MAX_REDIRECTS) throw failed(new Error('too many redirects'));
      const next = new URL(location, target);
      if (next.protocol !== 'http:' && next.protocol !== 'https:') throw failed(new Error(`redirected to a ${next.protocol} URL`));
      // The token never follows a redirect to another origin.
      if (next.origin !== target.origin) {
        sent = Object.fromEntries(Object.entries(sent).filter(([k]) => !/^(authorization|cookie)$/i.test(k)));
      }
      if (answer.status === 303 || ((answer.status === 301 || answer.status === 302) && verb === 'POST')) {
        verb = 'GET';
        payload = undefined;
        sent = Object.fromEntries(Object.entries(sent).filter(([k]) => !/^content-/i.test(k)));
      }
      target = next;
    }
  };
}
