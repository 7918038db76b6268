// Self-hosted runners behind a proxy: the bundled action sends its API
// requests through the proxy that https_proxy / http_proxy names, and past
// it for hosts in no_proxy. A real forwarding proxy on 127.0.0.1 (CONNECT
// tunnels, written here with node:http) stands between the action and the
// loopback API; the API is named api.github.test, a name only the proxy can
// reach (it sends every tunnel to the loopback server). For https, a TLS
// front with a certificate made for this test (trusted through
// NODE_EXTRA_CA_CERTS) answers for api.github.test and hands the plain
// requests on to the loopback API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeGitHub } from '../support/fake-github.mjs';
import { runAction } from '../support/run-action.mjs';
import { localaiRepo, pushEvent, OWNER, NAME } from '../support/localai.mjs';

const HOST = 'api.github.test';
let repo, gh, before1, after1, proxy, front, certDir;

/** A forwarding proxy: every CONNECT is logged and tunnelled to `to()`; plain requests are logged and refused. */
async function startProxy(to) {
  const log = [];
  const sockets = new Set();
  const server = createServer((req, res) => {
    log.push({ method: req.method, target: req.url });
    res.writeHead(405).end();
  });
  server.on('connect', (req, client, head) => {
    log.push({ method: 'CONNECT', target: req.url, auth: req.headers['proxy-authorization'] ?? null });
    sockets.add(client);
    const upstream = connect(to(req.url), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    upstream.on('error', drop);
    client.on('error', drop);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    log,
    async close() {
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A TLS endpoint for HOST whose decrypted bytes go to the loopback API. */
async function startTlsFront(apiPort, { key, cert }) {
  const sockets = new Set();
  const server = createTlsServer({ key, cert }, (tlsSocket) => {
    const plain = connect(apiPort, '127.0.0.1');
    sockets.add(tlsSocket).add(plain);
    tlsSocket.pipe(plain).pipe(tlsSocket);
    tlsSocket.on('error', () => plain.destroy());
    plain.on('error', () => tlsSocket.destroy());
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

before(async () => {
  repo = localaiRepo();
  before1 = repo.commit('vllm', { 'backend/python/vllm/backend.py': 'v1\n' });
  after1 = repo.commit('edit vllm', { 'backend/python/vllm/backend.py': 'v2\n' });
  gh = await startFakeGitHub({ repo, owner: OWNER, name: NAME });
  certDir = mkdtempSync(join(tmpdir(), 'cb-proxy-cert-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', `/CN=${HOST}`,
    '-addext', `subjectAltName=DNS:${HOST}`, '-keyout', join(certDir, 'key.pem'), '-out', join(certDir, 'cert.pem')], { stdio: 'ignore' });
  front = await startTlsFront(Number(new URL(gh.url).port), { key: readFileSync(join(certDir, 'key.pem')), cert: readFileSync(join(certDir, 'cert.pem')) });
  // Port 443 is the TLS front; any other port is the plain loopback API.
  proxy = await startProxy((target) => (target.endsWith(':443') ? front.port : Number(new URL(gh.url).port)));
});

after(async () => {
  await proxy.close();
  await front.close();
  await gh.close();
  repo.remove();
  rmSync(certDir, { recursive: true, force: true });
});

const noProxyVars = { https_proxy: undefined, HTTPS_PROXY: undefined, http_proxy: undefined, HTTP_PROXY: undefined, no_proxy: undefined, NO_PROXY: undefined };

function push(apiUrl, env) {
  return runAction({
    workspace: repo.dir, apiUrl, repository: `${OWNER}/${NAME}`, eventName: 'push',
    event: pushEvent({ before: before1, after: after1 }), env: { ...noProxyVars, ...env },
  });
}

test('with http_proxy set, an http API is reached through the proxy', async () => {
  const port = new URL(gh.url).port;
  const p0 = proxy.log.length;
  const n0 = gh.requests.length;
  const r = await push(`http://${HOST}:${port}`, { http_proxy: proxy.url, no_proxy: 'example.com' });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(r.outputs.get('reason'), 'filtered', r.stdout);
  assert.deepEqual(proxy.log.slice(p0).map((e) => `${e.method} ${e.target}`), [`CONNECT ${HOST}:${port}`]);
  assert.deepEqual(gh.requests.slice(n0).map((q) => q.path), [`/repos/${OWNER}/${NAME}/compare/${before1}...${after1}`]);
});

test('with HTTPS_PROXY set, the https API is reached through a tunnel, the proxy credentials sent to the proxy', async () => {
  const p0 = proxy.log.length;
  const n0 = gh.requests.length;
  const proxied = new URL(proxy.url);
  proxied.username = 'runner';
  proxied.password = 'p@ss';
  const r = await push(`https://${HOST}`, { HTTPS_PROXY: proxied.href, NODE_EXTRA_CA_CERTS: join(certDir, 'cert.pem') });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(r.outputs.get('reason'), 'filtered', r.stdout);
  const seen = proxy.log.slice(p0);
  assert.deepEqual(seen.map((e) => `${e.method} ${e.target}`), [`CONNECT ${HOST}:443`]);
  assert.equal(seen[0].auth, `Basic ${Buffer.from('runner:p@ss').toString('base64')}`);
  assert.equal(gh.requests.length - n0, 1);
});

test('a host in no_proxy is asked directly, never through the proxy', async () => {
  for (const noProxy of [HOST, '.github.test', `other.example, ${HOST}:443`]) {
    const p0 = proxy.log.length;
    const n0 = gh.requests.length;
    const r = await push(`https://${HOST}`, { https_proxy: proxy.url, no_proxy: noProxy, NODE_EXTRA_CA_CERTS: join(certDir, 'cert.pem') });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    // api.github.test resolves nowhere but through the proxy: asked directly, it fails, and the run is run-all.
    assert.equal(proxy.log.length, p0, `no_proxy=${noProxy}: the proxy was used`);
    assert.equal(gh.requests.length, n0);
    assert.equal(r.outputs.get('reason'), 'api-error', r.stdout);
    assert.equal(r.outputs.get('run-all'), 'true');
  }
});

test('the loopback API is never proxied', async () => {
  const p0 = proxy.log.length;
  const r = await push(gh.url, { http_proxy: proxy.url, https_proxy: proxy.url });
  assert.equal(r.outputs.get('reason'), 'filtered', r.stdout);
  assert.equal(proxy.log.length, p0);
});
