// Bad input gets a clear 4xx naming what is wrong and where, never a 500, and writes nothing.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CallOptions, startWebApp, type WebApp } from '../support/web-app';

const CERT = readFileSync(path.resolve(import.meta.dirname, '..', 'fixtures', 'kubernetes', 'certs', 'localhost-cert.pem'), 'utf8');
const KUBECONFIG = readFileSync(path.resolve(import.meta.dirname, '..', 'fixtures', 'kubernetes', 'kubeconfig.two-contexts.yaml'), 'utf8');
const ok = { name: 'valid', prometheus: { url: 'http://prom:9090' } };
const withProm = (prometheus: object) => ({ name: 'c1', prometheus: { url: 'http://prom:9090', ...prometheus } });
const withKube = (kubernetes: object) => ({ name: 'c1', prometheus: { url: 'http://prom:9090' }, kubernetes });

let app: WebApp;
let existingId: string;
beforeAll(async () => {
  app = await startWebApp();
  existingId = (await app.call('POST', '/api/v1/clusters', { body: { name: 'existing', labels: { env: 'prod' }, prometheus: { url: 'http://existing:9090' } } })).json.id;
  await app.call('POST', '/api/v1/clusters', { body: { name: 'other', prometheus: { url: 'http://other:9090' } } });
});
afterAll(() => app?.stop());

type Case = [description: string, method: string, path: string, options: CallOptions, status: number, paths?: string[]];

const cases: Case[] = [
  ['no Content-Type', 'POST', '/api/v1/clusters', { raw: JSON.stringify(ok), contentType: null }, 415],
  ['text/plain body', 'POST', '/api/v1/clusters', { raw: JSON.stringify(ok), contentType: 'text/plain' }, 415],
  ['truncated JSON', 'POST', '/api/v1/clusters', { raw: '{"name": "x", "prometheus": {' }, 400],
  ['empty body', 'POST', '/api/v1/clusters', { raw: '' }, 400],
  ['a JSON array', 'POST', '/api/v1/clusters', { body: [ok] }, 422, ['(body)']],
  ['a JSON string', 'POST', '/api/v1/clusters', { body: 'prod-eu' }, 422, ['(body)']],
  ['missing name', 'POST', '/api/v1/clusters', { body: { prometheus: { url: 'http://p:9090' } } }, 422, ['name']],
  ['missing prometheus', 'POST', '/api/v1/clusters', { body: { name: 'c1' } }, 422, ['prometheus']],
  ['uppercase name', 'POST', '/api/v1/clusters', { body: { ...ok, name: 'Prod-EU' } }, 422, ['name']],
  ['64-character name', 'POST', '/api/v1/clusters', { body: { ...ok, name: 'a'.repeat(64) } }, 422, ['name']],
  ['name with underscore', 'POST', '/api/v1/clusters', { body: { ...ok, name: 'prod_eu' } }, 422, ['name']],
  ['name starting with a dash', 'POST', '/api/v1/clusters', { body: { ...ok, name: '-prod' } }, 422, ['name']],
  ['name is a number', 'POST', '/api/v1/clusters', { body: { ...ok, name: 42 } }, 422, ['name']],
  ['prometheus.url not a URL', 'POST', '/api/v1/clusters', { body: withProm({ url: 'prometheus:9090' }) }, 422, ['prometheus.url']],
  ['prometheus.url ftp://', 'POST', '/api/v1/clusters', { body: withProm({ url: 'ftp://prom' }) }, 422, ['prometheus.url']],
  ['credentials inside the URL', 'POST', '/api/v1/clusters', { body: withProm({ url: 'http://admin:pw@prom:9090' }) }, 422, ['prometheus.url']],
  ['unknown auth type', 'POST', '/api/v1/clusters', { body: withProm({ auth: { type: 'oauth' } }) }, 422, ['prometheus.auth.type']],
  ['bearer without token', 'POST', '/api/v1/clusters', { body: withProm({ auth: { type: 'bearer' } }) }, 422, ['prometheus.auth.token']],
  ['basic without password', 'POST', '/api/v1/clusters', { body: withProm({ auth: { type: 'basic', username: 'u' } }) }, 422, ['prometheus.auth.password']],
  ['caCert that is not PEM', 'POST', '/api/v1/clusters', { body: withProm({ caCert: 'MIIC...' }) }, 422, ['prometheus.caCert']],
  ['insecureSkipVerify as a string', 'POST', '/api/v1/clusters', { body: withProm({ insecureSkipVerify: 'yes' }) }, 422, ['prometheus.insecureSkipVerify']],
  ['Authorization as a custom header', 'POST', '/api/v1/clusters', { body: withProm({ headers: { Authorization: 'Bearer x' } }) }, 422, ['prometheus.headers.Authorization']],
  ['header name with a space', 'POST', '/api/v1/clusters', { body: withProm({ headers: { 'X Org': '1' } }) }, 422, ['prometheus.headers.X Org']],
  ['selector that is not PromQL matchers', 'POST', '/api/v1/clusters', { body: withProm({ selector: '{cluster=}' }) }, 422, ['prometheus.selector']],
  ['label key with "!"', 'POST', '/api/v1/clusters', { body: { ...ok, labels: { 'env!': 'prod' } } }, 422, ['labels.env!']],
  ['label value over 63 characters', 'POST', '/api/v1/clusters', { body: { ...ok, labels: { env: 'p'.repeat(64) } } }, 422, ['labels.env']],
  ['labels as an array', 'POST', '/api/v1/clusters', { body: { ...ok, labels: ['env=prod'] } }, 422, ['labels']],
  ['client cert without key', 'POST', '/api/v1/clusters', { body: withKube({ server: 'https://k:6443', clientCert: CERT }) }, 422, ['kubernetes.clientKey']],
  ['token and client cert together', 'POST', '/api/v1/clusters', { body: withKube({ server: 'https://k:6443', token: 't', clientCert: CERT, clientKey: '-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----' }) }, 422, ['kubernetes.token']],
  ['kubernetes without server', 'POST', '/api/v1/clusters', { body: withKube({ token: 't' }) }, 422, ['kubernetes.server']],
  ['an unknown field', 'POST', '/api/v1/clusters', { body: { ...ok, color: 'blue' } }, 422, ['(body)']],
  ['every problem at once', 'POST', '/api/v1/clusters', { body: { name: 'BAD', labels: { 'a b': 'c' }, prometheus: { url: 'nope', auth: { type: 'basic' } } } }, 422, ['name', 'labels.a b', 'prometheus.url', 'prometheus.auth.username', 'prometheus.auth.password']],
  ['a name that exists', 'POST', '/api/v1/clusters', { body: { ...ok, name: 'existing' } }, 409],
  ['a body over 1 MiB', 'POST', '/api/v1/clusters', { body: { ...ok, description: 'x'.repeat(1024 * 1024) } }, 413],
  ['a malformed label selector', 'GET', '/api/v1/clusters?selector=' + encodeURIComponent('env in (a'), {}, 422, ['selector']],
  ['limit 0', 'GET', '/api/v1/clusters?limit=0', {}, 422, ['limit']],
  ['limit that is not a number', 'GET', '/api/v1/clusters?limit=ten', {}, 422, ['limit']],
  ['a cursor this API did not issue', 'GET', '/api/v1/clusters?cursor=' + Buffer.from('DROP TABLE').toString('base64url'), {}, 422, ['cursor']],
  ['an unknown query parameter', 'GET', '/api/v1/clusters?sort=name', {}, 422],
  ['an id that is not a UUID', 'GET', '/api/v1/clusters/prod-eu', {}, 404],
  ['an unknown id', 'GET', '/api/v1/clusters/7d444840-9dc0-11d1-b245-5ffdce74fad2', {}, 404],
  ['PATCH with an array', 'PATCH', '/api/v1/clusters/{existing}', { body: [{ name: 'x' }] }, 422],
  ['PATCH to an invalid name', 'PATCH', '/api/v1/clusters/{existing}', { body: { name: 'Not Valid' } }, 422, ['name']],
  ['PATCH removing the required prometheus', 'PATCH', '/api/v1/clusters/{existing}', { body: { prometheus: null } }, 422, ['prometheus']],
  ['PATCH to a name that exists', 'PATCH', '/api/v1/clusters/{existing}', { body: { name: 'other' } }, 409],
  ['PATCH an unknown id', 'PATCH', '/api/v1/clusters/7d444840-9dc0-11d1-b245-5ffdce74fad2', { body: { displayName: 'x' } }, 404],
  ['DELETE an unknown id', 'DELETE', '/api/v1/clusters/7d444840-9dc0-11d1-b245-5ffdce74fad2', {}, 404],
  ['kubeconfig that is not YAML', 'POST', '/api/v1/clusters/import-kubeconfig', { body: { kubeconfig: '{{{ not yaml', dryRun: true } }, 422, ['kubeconfig']],
  ['kubeconfig import without choices', 'POST', '/api/v1/clusters/import-kubeconfig', { body: { kubeconfig: KUBECONFIG } }, 422, ['clusters']],
  ['kubeconfig: unknown context', 'POST', '/api/v1/clusters/import-kubeconfig', { body: { kubeconfig: KUBECONFIG, clusters: [{ context: 'nope', prometheus: { url: 'http://p:9090' } }] } }, 422, ['clusters.0.context']],
  ['kubeconfig: one bad Prometheus URL fails all', 'POST', '/api/v1/clusters/import-kubeconfig', { body: { kubeconfig: KUBECONFIG, clusters: [{ context: 'context1', name: 'fine', prometheus: { url: 'http://p:9090' } }, { context: 'context2', prometheus: { url: 'not a url' } }] } }, 422, ['clusters.1.prometheus.url']],
  ['kubeconfig: one name twice', 'POST', '/api/v1/clusters/import-kubeconfig', { body: { kubeconfig: KUBECONFIG, clusters: [{ context: 'context1', name: 'same', prometheus: { url: 'http://p:9090' } }, { context: 'context2', name: 'same', prometheus: { url: 'http://q:9090' } }] } }, 422, ['clusters.1.name']],
  ['a user with a bad email', 'POST', '/api/v1/users', { body: { email: 'not-an-email', name: 'X', password: 'long-enough-password', role: 'viewer' } }, 422, ['email']],
  ['a user with a short password', 'POST', '/api/v1/users', { body: { email: 'x@example.com', name: 'X', password: 'short', role: 'viewer' } }, 422, ['password']],
  ['a user with an unknown role', 'POST', '/api/v1/users', { body: { email: 'y@example.com', name: 'Y', password: 'long-enough-password', role: 'owner' } }, 422, ['role']],
  ['a token without a name', 'POST', '/api/v1/tokens', { as: 'anonymous', body: {} }, 401],
  ['an audit cursor that is not an id', 'GET', '/api/v1/audit?before=abc', {}, 422, ['before']],
  ['a Basic Authorization header', 'GET', '/api/v1/clusters', { as: 'anonymous', headers: { Authorization: 'Basic YTpi' } }, 401],
];

describe('bad input', () => {
  let clustersBefore: unknown[];
  let auditBefore: number;
  beforeAll(async () => {
    clustersBefore = await app.database.query('SELECT * FROM clusters ORDER BY name');
    auditBefore = (await app.database.query('SELECT id FROM audit_events')).length;
  });

  it('has at least 30 cases', () => expect(cases.length).toBeGreaterThanOrEqual(30));

  it.each(cases)('%s -> %i', async (_description, method, urlPath, options, status, paths) => {
    const res = await app.call(method, urlPath.replace('{existing}', existingId), options);
    expect(res.status).toBe(status);
    if (status !== 204) {
      expect(res.json?.error?.message, res.text).toEqual(expect.any(String));
      expect(res.json.error.message.length).toBeGreaterThan(5);
    }
    if (paths) {
      const reported = res.json.error.issues.map((i: { path: string }) => i.path);
      for (const p of paths) expect(reported, res.text).toContain(p);
      for (const issue of res.json.error.issues) expect(issue.message.length).toBeGreaterThan(3);
    }
  });

  it('wrote nothing: clusters and the audit log are exactly as before', async () => {
    expect(await app.database.query('SELECT * FROM clusters ORDER BY name')).toEqual(clustersBefore);
    expect(await app.database.query('SELECT id FROM audit_events')).toHaveLength(auditBefore);
  });

  it('answered no request with a 500 and logged no error', () => {
    expect(app.responses.filter((r) => r.status >= 500)).toEqual([]);
    expect(app.process.logs.filter((l) => l.level === 'error' || l.level === 'fatal')).toEqual([]);
  });
});
