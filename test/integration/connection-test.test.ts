// "Test connection" of a cluster against real servers on 127.0.0.1: a real Prometheus (plain, under
// a path prefix, and with TLS + basic auth from a web config), local servers for the failure
// modes, and a stand-in kube-apiserver answering the Kubernetes fixtures.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rootCertificates } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ConnectionCheck,
  testClusterConnections,
  testKubernetesConnection,
  testPrometheusConnection,
} from '../../lib/clusters/connection-test';
import type { KubernetesConnection, PrometheusConnection } from '../../lib/clusters/connection-schema';
import { freePort } from '../support/free-port';
import {
  KUBE_FIXTURES,
  kubeFixture,
  localhostCertificate,
  send,
  startKubeApi,
  startTestServer,
  type TestServer,
} from '../support/kube-api';
import { installedPrometheusVersion, type RunningPrometheus, startPrometheus } from '../support/prometheus';

// Secrets used below; none may appear in any result.
const PROM_TOKEN = 'prom-bearer-secret-4b1d9c';
const BASIC_USER = 'kubewatch';
const BASIC_PASSWORD = 'basic-secret-pw-7f3a';
// bcrypt (cost 10) of BASIC_PASSWORD, made once with python3-bcrypt; Prometheus checks it.
const BASIC_HASH = '$2b$10$ehYDdeMEzcY8fxeLiOZcwOAXHZamB4ujaWQ8fYD.5KAuOtNB57Bsa';
const KUBE_TOKEN = 'kube-sa-secret-token-93ae71';
// A pasted token with a line break: HTTP clients refuse it, and their errors quote header values.
const BROKEN_TOKEN = 'line-one-secret-5a2c\nline-two-secret-8d1e';
const { cert: LOCALHOST_CERT, key: LOCALHOST_KEY } = localhostCertificate();
// A key that does not belong to LOCALHOST_CERT.
const OTHER_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const SECRETS = [
  ...BROKEN_TOKEN.split('\n'),
  OTHER_KEY.trim(),
  ...OTHER_KEY.split('\n').filter((line) => line.length > 20 && !line.startsWith('-----')),
  PROM_TOKEN,
  BASIC_PASSWORD,
  Buffer.from(`${BASIC_USER}:${BASIC_PASSWORD}`).toString('base64'),
  KUBE_TOKEN,
  LOCALHOST_KEY.trim(),
  Buffer.from(LOCALHOST_KEY).toString('base64'),
  ...LOCALHOST_KEY.split('\n').filter((line) => line.length > 20 && !line.startsWith('-----')),
];

const VERSION_FIXTURE = JSON.parse(kubeFixture('version.json')) as { gitVersion: string; platform: string };
const VERSION_132 = JSON.parse(kubeFixture('version.v1.32-no-emulation-fields.json')) as {
  gitVersion: string;
  platform: string;
};
const FORBIDDEN = JSON.parse(kubeFixture('Status.Forbidden.json')) as { message: string };

/** Every result any test produced, for the secret check at the end. */
const results: unknown[] = [];

async function prom(conn: Partial<PrometheusConnection> & { url: string }, timeoutMs?: number): Promise<ConnectionCheck> {
  const full: PrometheusConnection = { auth: { type: 'none' }, insecureSkipVerify: false, headers: {}, ...conn };
  const result = await testPrometheusConnection(full, timeoutMs === undefined ? {} : { timeoutMs });
  results.push(result);
  return result;
}

async function kube(conn: Partial<KubernetesConnection> & { server: string }, timeoutMs?: number): Promise<ConnectionCheck> {
  const result = await testKubernetesConnection({ insecureSkipVerify: false, ...conn }, timeoutMs === undefined ? {} : { timeoutMs });
  results.push(result);
  return result;
}

function expectOk(check: ConnectionCheck): Extract<ConnectionCheck, { ok: true }> {
  if (!check.ok) throw new Error(`expected ok, got ${JSON.stringify(check)}`);
  expect(check.latencyMs).toBeGreaterThanOrEqual(0);
  return check;
}

function expectError(check: ConnectionCheck, kind: string, message: string | RegExp): void {
  if (check.ok) throw new Error(`expected a ${kind} error, got ${JSON.stringify(check)}`);
  expect(check.error.kind).toBe(kind);
  if (typeof message === 'string') expect(check.error.message).toBe(message);
  else expect(check.error.message).toMatch(message);
  expect(check.latencyMs).toBeGreaterThanOrEqual(0);
}

const BUILDINFO = {
  status: 'success',
  data: { version: '9.9.9-local', revision: 'abc123', branch: 'main', buildUser: 'ci', buildDate: '20250101', goVersion: 'go1.24.1' },
};

/** A local Prometheus look-alike that wants `Bearer PROM_TOKEN`; other paths are 404. */
function startBearerPrometheus(): Promise<TestServer> {
  return startTestServer((req, res) => {
    if (req.url !== '/api/v1/status/buildinfo') return send(res, 404, '404 page not found\n', 'text/plain');
    if (req.headers.authorization !== `Bearer ${PROM_TOKEN}`) return send(res, 401, 'Unauthorized\n', 'text/plain');
    send(res, 200, BUILDINFO);
  });
}

describe('Prometheus: a real server', () => {
  let plain: RunningPrometheus;
  let prefixed: RunningPrometheus;
  let secured: RunningPrometheus;
  let webDir: string;

  beforeAll(async () => {
    webDir = await mkdtemp(path.join(tmpdir(), 'kubewatch-test-webconfig-'));
    const webConfig = path.join(webDir, 'web.yml');
    await writeFile(
      webConfig,
      [
        'tls_server_config:',
        `  cert_file: ${path.join(KUBE_FIXTURES, 'certs', 'localhost-cert.pem')}`,
        `  key_file: ${path.join(KUBE_FIXTURES, 'certs', 'localhost-key.pem')}`,
        'basic_auth_users:',
        `  ${BASIC_USER}: '${BASIC_HASH}'`,
        '',
      ].join('\n'),
    );
    [plain, prefixed, secured] = await Promise.all([
      startPrometheus(),
      startPrometheus({ routePrefix: '/prometheus' }),
      startPrometheus({
        webConfigFile: webConfig,
        scheme: 'https',
        basicAuth: { username: BASIC_USER, password: BASIC_PASSWORD },
      }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([plain?.stop(), prefixed?.stop(), secured?.stop()]);
    if (webDir) await rm(webDir, { recursive: true, force: true });
  });

  it('reads the version from /api/v1/status/buildinfo', async () => {
    const installed = installedPrometheusVersion();
    expect(installed).toMatch(/^2\.42\.0\b/);
    const check = expectOk(await prom({ url: plain.url }));
    expect(check.version).toBe(installed);
    expect(check.details.goVersion).toMatch(/^go1\./);
    expect(check.details.revision).toBeTruthy();
  });

  it('keeps a URL path prefix, with or without a trailing slash', async () => {
    expect(prefixed.url).toMatch(/\/prometheus$/);
    expectOk(await prom({ url: prefixed.url }));
    expectOk(await prom({ url: `${prefixed.url}/` }));
    const origin = new URL(prefixed.url).origin;
    expectError(await prom({ url: origin }), 'http', `HTTP 404 from ${origin}/api/v1/status/buildinfo: is this a Prometheus?`);
  });

  it('speaks TLS with basic auth, trusting the CA given as caCert', async () => {
    const url = `https://localhost:${secured.port}`;
    const basic = { type: 'basic' as const, username: BASIC_USER, password: BASIC_PASSWORD };
    const check = expectOk(await prom({ url, auth: basic, caCert: LOCALHOST_CERT }));
    expect(check.version).toBe(installedPrometheusVersion());
    expectError(
      await prom({ url, auth: { ...basic, password: 'not-the-password' }, caCert: LOCALHOST_CERT }),
      'unauthorized',
      '401 Unauthorized: check the username and password',
    );
    expectError(await prom({ url, caCert: LOCALHOST_CERT }), 'unauthorized', '401 Unauthorized: the server requires credentials: set auth');
  });

  it('rejects an untrusted certificate unless insecureSkipVerify', async () => {
    const url = `https://localhost:${secured.port}`;
    const auth = { type: 'basic' as const, username: BASIC_USER, password: BASIC_PASSWORD };
    expectError(
      await prom({ url, auth }),
      'tls',
      'TLS: certificate is self-signed and not trusted (DEPTH_ZERO_SELF_SIGNED_CERT); add its CA or enable insecureSkipVerify',
    );
    expectOk(await prom({ url, auth, insecureSkipVerify: true }));
  });

  it('reports a certificate issued for another host name', async () => {
    const auth = { type: 'basic' as const, username: BASIC_USER, password: BASIC_PASSWORD };
    expectError(
      await prom({ url: `https://127.0.0.1:${secured.port}`, auth, caCert: LOCALHOST_CERT }),
      'tls',
      'TLS: certificate is for localhost, not 127.0.0.1 (ERR_TLS_CERT_ALTNAME_INVALID)',
    );
  });

  it('tells plain http:// to an HTTPS Prometheus apart', async () => {
    expectError(
      await prom({ url: `http://127.0.0.1:${secured.port}` }),
      'http',
      `HTTP 400 from http://127.0.0.1:${secured.port}/api/v1/status/buildinfo: the server speaks HTTPS; use an https:// URL`,
    );
    expectError(await prom({ url: plain.url.replace('http:', 'https:') }), 'tls', /^TLS: the server did not answer with TLS \(/);
  });
});

describe('Prometheus: failures', () => {
  it('connection refused', async () => {
    const port = await freePort();
    expectError(await prom({ url: `http://127.0.0.1:${port}` }), 'refused', `connection refused by 127.0.0.1:${port}`);
  });

  it('DNS failure', async () => {
    expectError(
      await prom({ url: 'http://prometheus.invalid:9090' }),
      'dns',
      /^DNS lookup failed for prometheus\.invalid \((ENOTFOUND|EAI_AGAIN)\)$/,
    );
  });

  it('times out on a server that never answers', async () => {
    const server = await startTestServer(() => {});
    try {
      const check = await prom({ url: server.url }, 300);
      expectError(check, 'timeout', 'timed out after 300 ms');
      expect(check.latencyMs).toBeGreaterThanOrEqual(290);
      expect(check.latencyMs).toBeLessThan(3000);
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('sends the bearer token and custom headers; 401 on a wrong token', async () => {
    const server = await startBearerPrometheus();
    try {
      const check = expectOk(
        await prom({ url: server.url, auth: { type: 'bearer', token: PROM_TOKEN }, headers: { 'X-Scope-OrgID': 'tenant-a' } }),
      );
      expect(check).toMatchObject({ version: '9.9.9-local', details: { revision: 'abc123', goVersion: 'go1.24.1' } });
      expect(server.requests[0]?.headers['x-scope-orgid']).toBe('tenant-a');
      expect(server.requests[0]?.path).toBe('/api/v1/status/buildinfo');
      expectError(
        await prom({ url: server.url, auth: { type: 'bearer', token: 'wrong-token' } }),
        'unauthorized',
        '401 Unauthorized: check the bearer token',
      );
    } finally {
      await server.close();
    }
  });

  it('sends basic auth as Authorization: Basic', async () => {
    const server = await startTestServer((_req, res) => send(res, 200, BUILDINFO));
    try {
      expectOk(await prom({ url: server.url, auth: { type: 'basic', username: BASIC_USER, password: BASIC_PASSWORD } }));
      const header = server.requests[0]?.headers.authorization ?? '';
      expect(header.startsWith('Basic ')).toBe(true);
      expect(Buffer.from(header.slice(6), 'base64').toString()).toBe(`${BASIC_USER}:${BASIC_PASSWORD}`);
    } finally {
      await server.close();
    }
  });

  it('404, 403 and 5xx', async () => {
    const server = await startTestServer((req, res) => {
      if (req.url?.startsWith('/forbidden/'))
        // A proxy that echoes the credential it refused: the result must not.
        return send(res, 403, { status: 'error', error: `token ${req.headers.authorization} is not allowed` });
      if (req.url?.startsWith('/broken/')) return send(res, 503, 'upstream down', 'text/plain');
      send(res, 404, '404 page not found\n', 'text/plain');
    });
    try {
      expectError(
        await prom({ url: server.url }),
        'http',
        `HTTP 404 from ${server.url}/api/v1/status/buildinfo: is this a Prometheus?`,
      );
      const forbidden = await prom({ url: `${server.url}/forbidden`, auth: { type: 'bearer', token: PROM_TOKEN } });
      expectError(forbidden, 'forbidden', /^403 Forbidden: .*\/forbidden\/api\/v1\/status\/buildinfo refused these credentials: token \[redacted\] is not allowed$/);
      expectError(
        await prom({ url: `${server.url}/broken` }),
        'http',
        `HTTP 503 Service Unavailable from ${server.url}/broken/api/v1/status/buildinfo`,
      );
    } finally {
      await server.close();
    }
  });

  it('a 200 that is not buildinfo JSON', async () => {
    const server = await startTestServer((req, res) =>
      req.url?.startsWith('/json/')
        ? send(res, 200, { status: 'success', data: { other: true } })
        : send(res, 200, '<html><body>Grafana</body></html>', 'text/html; charset=utf-8'),
    );
    try {
      expectError(await prom({ url: server.url }), 'invalid_response', 'response is not Prometheus buildinfo JSON (content-type text/html)');
      expectError(
        await prom({ url: `${server.url}/json` }),
        'invalid_response',
        'response is not Prometheus buildinfo JSON (no data.version)',
      );
    } finally {
      await server.close();
    }
  });

  it('a redirect names its target (without the query)', async () => {
    const server = await startTestServer((_req, res) => {
      res.writeHead(302, { location: 'https://sso.example.com/login?session=abc' });
      res.end();
    });
    try {
      expectError(
        await prom({ url: server.url }),
        'http',
        `HTTP 302 from ${server.url}/api/v1/status/buildinfo: redirects to https://sso.example.com/login; use that URL`,
      );
    } finally {
      await server.close();
    }
  });

  it('a caCert that is not a certificate', async () => {
    const garbage = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';
    expectError(
      await prom({ url: 'https://localhost:1', caCert: garbage }),
      'tls',
      /^TLS: caCert is not a valid PEM certificate \(ERR_[A-Z0-9_]+\)$/,
    );
  });

  it('TLS against a local HTTPS server: caCert, none, insecureSkipVerify, wrong host name', async () => {
    const server = await startTestServer((_req, res) => send(res, 200, BUILDINFO), {
      tls: { cert: LOCALHOST_CERT, key: LOCALHOST_KEY },
    });
    try {
      const url = `https://localhost:${server.port}`;
      expectOk(await prom({ url, caCert: LOCALHOST_CERT }));
      expectError(await prom({ url }), 'tls', /^TLS: certificate is self-signed and not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\)/);
      // A valid CA certificate, but not the one that issued the server's.
      expectError(
        await prom({ url, caCert: rootCertificates[0] }),
        'tls',
        'TLS: certificate is self-signed and not trusted (DEPTH_ZERO_SELF_SIGNED_CERT); the given caCert did not issue it',
      );
      expectOk(await prom({ url, insecureSkipVerify: true }));
      expectError(
        await prom({ url: server.url, caCert: LOCALHOST_CERT }),
        'tls',
        'TLS: certificate is for localhost, not 127.0.0.1 (ERR_TLS_CERT_ALTNAME_INVALID)',
      );
    } finally {
      await server.close();
    }
  });
});

describe('Kubernetes /version', () => {
  it('answers the version over http with a bearer token', async () => {
    const server = await startKubeApi({ token: KUBE_TOKEN });
    try {
      const check = expectOk(await kube({ server: server.url, token: KUBE_TOKEN }));
      expect(check.version).toBe(VERSION_FIXTURE.gitVersion);
      expect(check.details.platform).toBe(VERSION_FIXTURE.platform);
      expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${KUBE_TOKEN}`);
      expect(server.requests[0]?.path).toMatch(/^\/version\/?$/);
    } finally {
      await server.close();
    }
  });

  it('reads a 1.32 server without the emulation fields', async () => {
    const server = await startKubeApi({ versionFixture: 'version.v1.32-no-emulation-fields.json' });
    try {
      const check = expectOk(await kube({ server: server.url }));
      expect(check.version).toBe(VERSION_132.gitVersion);
      expect(check.details.platform).toBe(VERSION_132.platform);
    } finally {
      await server.close();
    }
  });

  it('401 with a wrong token, 403 with the Status message', async () => {
    const server = await startKubeApi({ token: KUBE_TOKEN });
    const forbidden = await startKubeApi({ token: KUBE_TOKEN, forbidden: true });
    try {
      expectError(await kube({ server: server.url, token: 'wrong-token' }), 'unauthorized', '401 Unauthorized: check the bearer token');
      expectError(
        await kube({ server: server.url }),
        'unauthorized',
        '401 Unauthorized: the API server requires credentials: set a token or a client certificate',
      );
      expectError(await kube({ server: forbidden.url, token: KUBE_TOKEN }), 'forbidden', `403 Forbidden: ${FORBIDDEN.message}`);
    } finally {
      await Promise.all([server.close(), forbidden.close()]);
    }
  });

  it('HTTPS: caCert, untrusted, insecureSkipVerify, wrong host name', async () => {
    const server = await startKubeApi({ token: KUBE_TOKEN, tls: { cert: LOCALHOST_CERT, key: LOCALHOST_KEY } });
    try {
      const url = `https://localhost:${server.port}`;
      expect(expectOk(await kube({ server: url, token: KUBE_TOKEN, caCert: LOCALHOST_CERT })).version).toBe(
        VERSION_FIXTURE.gitVersion,
      );
      expectError(
        await kube({ server: url, token: KUBE_TOKEN }),
        'tls',
        'TLS: certificate is self-signed and not trusted (DEPTH_ZERO_SELF_SIGNED_CERT); add its CA or enable insecureSkipVerify',
      );
      expectOk(await kube({ server: url, token: KUBE_TOKEN, insecureSkipVerify: true }));
      expectError(
        await kube({ server: server.url, token: KUBE_TOKEN, caCert: LOCALHOST_CERT }),
        'tls',
        'TLS: certificate is for localhost, not 127.0.0.1 (ERR_TLS_CERT_ALTNAME_INVALID)',
      );
    } finally {
      await server.close();
    }
  });

  it('HTTPS with a client certificate', async () => {
    const server = await startKubeApi({
      clientCertCN: 'localhost',
      tls: { cert: LOCALHOST_CERT, key: LOCALHOST_KEY, ca: LOCALHOST_CERT, requestCert: true },
    });
    try {
      const url = `https://localhost:${server.port}`;
      const check = expectOk(await kube({ server: url, caCert: LOCALHOST_CERT, clientCert: LOCALHOST_CERT, clientKey: LOCALHOST_KEY }));
      expect(check.version).toBe(VERSION_FIXTURE.gitVersion);
      expect(server.requests.at(-1)?.clientCertCN).toBe('localhost');
      expectError(
        await kube({ server: url, caCert: LOCALHOST_CERT }),
        'unauthorized',
        '401 Unauthorized: the API server requires credentials: set a token or a client certificate',
      );
    } finally {
      await server.close();
    }
  });

  it('a client key that does not match the client certificate', async () => {
    expectError(
      await kube({ server: 'https://localhost:1', clientCert: LOCALHOST_CERT, clientKey: OTHER_KEY }),
      'tls',
      'TLS: clientCert and clientKey do not match',
    );
  });

  it('refused, DNS failure and timeout', async () => {
    const port = await freePort();
    expectError(await kube({ server: `http://127.0.0.1:${port}` }), 'refused', `connection refused by 127.0.0.1:${port}`);
    expectError(
      await kube({ server: 'https://kubernetes.invalid:6443', token: KUBE_TOKEN }),
      'dns',
      /^DNS lookup failed for kubernetes\.invalid \((ENOTFOUND|EAI_AGAIN)\)$/,
    );
    const hang = await startTestServer(() => {});
    try {
      const check = await kube({ server: hang.url, token: KUBE_TOKEN }, 300);
      expectError(check, 'timeout', 'timed out after 300 ms');
      expect(check.latencyMs).toBeLessThan(3000);
    } finally {
      await hang.close();
    }
  });

  it('404 and a 200 that is not /version JSON', async () => {
    const server = await startTestServer((req, res) =>
      req.url?.startsWith('/html/')
        ? send(res, 200, '<html>login</html>', 'text/html')
        : send(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'not found', code: 404 }),
    );
    try {
      expectError(await kube({ server: server.url }), 'http', `HTTP 404 from ${server.url}/version: is this a Kubernetes API server?`);
      expectError(await kube({ server: `${server.url}/html` }), 'invalid_response', /^response is not Kubernetes \/version JSON/);
    } finally {
      await server.close();
    }
  });

  it('a token that cannot be sent is refused without quoting it', async () => {
    const server = await startKubeApi();
    try {
      const message = 'the token contains a character that cannot be sent in an HTTP header (a line break?)';
      expectError(await kube({ server: server.url, token: BROKEN_TOKEN }), 'http', message);
      expectError(
        await prom({ url: server.url, auth: { type: 'bearer', token: BROKEN_TOKEN } }),
        'http',
        'the bearer token contains a character that cannot be sent in an HTTP header (a line break?)',
      );
      expect(server.requests).toHaveLength(0);
    } finally {
      await server.close();
    }
  });

  it('never echoes the token, even when the server does', async () => {
    const server = await startTestServer((req, res) =>
      send(res, 403, { kind: 'Status', status: 'Failure', code: 403, message: `bad credential ${req.headers.authorization}` }),
    );
    try {
      expectError(await kube({ server: server.url, token: KUBE_TOKEN }), 'forbidden', '403 Forbidden: bad credential [redacted]');
    } finally {
      await server.close();
    }
  });
});

describe('testClusterConnections', () => {
  it('runs both tests concurrently', async () => {
    const prometheus = await startBearerPrometheus();
    const kubeApi = await startKubeApi({ token: KUBE_TOKEN });
    const hang = await startTestServer(() => {});
    try {
      const both = await testClusterConnections({
        prometheus: { url: prometheus.url, auth: { type: 'bearer', token: PROM_TOKEN }, insecureSkipVerify: false, headers: {} },
        kubernetes: { server: kubeApi.url, token: KUBE_TOKEN, insecureSkipVerify: false },
      });
      results.push(both);
      expect(expectOk(both.prometheus).version).toBe('9.9.9-local');
      expect(expectOk(both.kubernetes!).version).toBe(VERSION_FIXTURE.gitVersion);

      const onlyPrometheus = await testClusterConnections({
        prometheus: { url: prometheus.url, auth: { type: 'none' }, insecureSkipVerify: false, headers: {} },
      });
      results.push(onlyPrometheus);
      expect(Object.keys(onlyPrometheus)).toEqual(['prometheus']);
      expectError(onlyPrometheus.prometheus, 'unauthorized', '401 Unauthorized: the server requires credentials: set auth');

      // Concurrent: two 400 ms timeouts finish in about 400 ms, not 800.
      const started = performance.now();
      const slow = await testClusterConnections(
        {
          prometheus: { url: hang.url, auth: { type: 'none' }, insecureSkipVerify: false, headers: {} },
          kubernetes: { server: hang.url, insecureSkipVerify: false },
        },
        { timeoutMs: 400 },
      );
      results.push(slow);
      expect(performance.now() - started).toBeLessThan(750);
      expectError(slow.prometheus, 'timeout', 'timed out after 400 ms');
      expectError(slow.kubernetes!, 'timeout', 'timed out after 400 ms');
    } finally {
      await Promise.all([prometheus.close(), kubeApi.close(), hang.close()]);
    }
  });
});

describe('secrets', () => {
  it('no result of this file contains a token, password, Authorization value or client key', () => {
    expect(results.length).toBeGreaterThan(30);
    const json = JSON.stringify(results);
    for (const secret of SECRETS) expect(json.includes(secret), `a result contains ${secret.slice(0, 6)}…`).toBe(false);
  });
});
