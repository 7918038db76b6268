// The action's HTTP transport (octokit's fetch) against real servers on
// 127.0.0.1: compressed answers, answers cut off, redirects, aborts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { createFetch } from '../../js/action/transport.js';
import { RequestError } from '../../js/lib/loop.js';

const BODY = JSON.stringify({ files: Array.from({ length: 200 }, (_, i) => ({ filename: `dir/file${i}.txt` })) });
let server, base, other, otherBase;
const SIXTY = gzipSync(Buffer.alloc(60 * 1024 * 1024, 0x20));
const seen = [];

before(async () => {
  server = createServer((req, res) => {
    seen.push({ path: req.url, headers: req.headers });
    const json = { 'content-type': 'application/json; charset=utf-8' };
    if (req.url === '/gzip') {
      const bytes = gzipSync(BODY);
      res.writeHead(200, { ...json, 'content-encoding': 'gzip', 'content-length': bytes.length }).end(bytes);
    } else if (req.url === '/br') {
      res.writeHead(200, { ...json, 'content-encoding': 'br' }).end(brotliCompressSync(BODY));
    } else if (req.url === '/gzip-short') {
      // A whole HTTP answer whose gzip stream stops half-way.
      const bytes = gzipSync(BODY);
      const half = bytes.subarray(0, bytes.length >> 1);
      res.writeHead(200, { ...json, 'content-encoding': 'gzip', 'content-length': half.length }).end(half);
    } else if (req.url === '/cut') {
      res.writeHead(200, { ...json, 'content-length': BODY.length });
      res.write(BODY.slice(0, 100));
      setTimeout(() => res.socket.resetAndDestroy(), 20);
    } else if (req.url === '/chunked-cut') {
      res.writeHead(200, json);
      res.write(BODY.slice(0, 100));
      setTimeout(() => res.socket.destroy(), 20);
    } else if (req.url === '/odd-encoding') {
      res.writeHead(200, { ...json, 'content-encoding': 'zstd' }).end('xx');
    } else if (req.url === '/moved') {
      res.writeHead(301, { location: '/gzip' }).end();
    } else if (req.url === '/sixty') {
      // 60 MiB once decoded: under the cap for one answer.
      res.writeHead(200, { ...json, 'content-encoding': 'gzip' }).end(SIXTY);
    } else if (req.url === '/away') {
      res.writeHead(302, { location: `${otherBase}/landing` }).end();
    } else if (req.url === '/loop') {
      res.writeHead(302, { location: '/loop' }).end();
    } else if (req.url === '/head') {
      // A HEAD answer declares the length of the body a GET would get.
      res.writeHead(200, { ...json, 'content-length': BODY.length }).end();
    } else if (req.url === '/slow') {
      setTimeout(() => res.writeHead(200, json).end('{}'), 2000);
    } else {
      res.writeHead(404, json).end('{"message":"Not Found"}');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
  other = createServer((req, res) => {
    seen.push({ path: `other:${req.url}`, headers: req.headers });
    res.writeHead(200, { 'content-type': 'text/plain' }).end('landed');
  });
  await new Promise((resolve) => other.listen(0, '127.0.0.1', resolve));
  otherBase = `http://127.0.0.1:${other.address().port}`;
});

after(async () => {
  server.closeAllConnections();
  other.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await new Promise((resolve) => other.close(resolve));
});

const fetch = createFetch();

test('gzip and brotli answers are asked for and decoded', async () => {
  for (const path of ['/gzip', '/br']) {
    const res = await fetch(`${base}${path}`, { headers: { accept: 'application/json' } });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), JSON.parse(BODY));
    assert.equal(res.headers.get('Content-Type'), 'application/json; charset=utf-8');
    assert.ok([...res.headers].some(([k]) => k === 'content-encoding'));
  }
  assert.match(seen.find((s) => s.path === '/gzip').headers['accept-encoding'], /gzip/);
});

test('an answer cut off is a network RequestError, never a shorter body', async () => {
  for (const path of ['/cut', '/chunked-cut', '/gzip-short']) {
    await assert.rejects(fetch(`${base}${path}`), (err) => {
      assert.ok(err instanceof RequestError, `${path}: ${err}`);
      assert.equal(err.kind, 'network');
      assert.match(err.message, /cut off/);
      return true;
    });
  }
});

test('a HEAD answer is whole without the body its content-length describes', async () => {
  const res = await fetch(`${base}/head`, { method: 'HEAD' });
  assert.equal(res.status, 200);
  assert.equal((await res.arrayBuffer()).byteLength, 0);
});

test('an unknown content-encoding is malformed', async () => {
  await assert.rejects(fetch(`${base}/odd-encoding`), (err) => err instanceof RequestError && err.kind === 'malformed');
});

test('redirects are followed; the token is not sent to another origin', async () => {
  const same = await fetch(`${base}/moved`, { headers: { authorization: 'token secret' } });
  assert.equal(same.status, 200);
  assert.equal(same.url, `${base}/gzip`);
  assert.equal(seen.at(-1).headers.authorization, 'token secret');
  const away = await fetch(`${base}/away`, { headers: { authorization: 'token secret' } });
  assert.equal(await away.text(), 'landed');
  assert.equal(seen.at(-1).path, 'other:/landing');
  assert.equal(seen.at(-1).headers.authorization, undefined);
  await assert.rejects(fetch(`${base}/loop`), (err) => err instanceof TypeError && /too many redirects/.test(err.cause.message));
  const manual = await fetch(`${base}/moved`, { redirect: 'manual' });
  assert.equal(manual.status, 301);
});

test('an abort rejects with the signal\'s reason, as fetch does', async () => {
  const t0 = Date.now();
  await assert.rejects(fetch(`${base}/slow`, { signal: AbortSignal.timeout(100) }), (err) => err.name === 'TimeoutError');
  assert.ok(Date.now() - t0 < 1500);
});

test('a refused connection is a TypeError whose cause names the socket error', async () => {
  await assert.rejects(fetch('http://127.0.0.1:9/x'), (err) => err instanceof TypeError && err.cause.code === 'ECONNREFUSED');
});

test('answers each under the cap stop when together they pass 256 MiB', async () => {
  const fetch = createFetch();
  for (let i = 0; i < 4; i++) assert.equal((await fetch(`${base}/sixty`)).bytes.length, 60 * 1024 * 1024);
  await assert.rejects(fetch(`${base}/sixty`), (err) => err instanceof RequestError && err.kind === 'malformed' && /together exceed 256 MiB/.test(err.message));
  // Another run (another fetch) starts from nothing.
  assert.equal((await createFetch()(`${base}/sixty`)).bytes.length, 60 * 1024 * 1024);
});
