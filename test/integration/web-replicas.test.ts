// Web replicas are stateless: two web processes on one database (and one ENCRYPTION_KEY) serve
// the same sessions and data, so a load balancer may send each request to either.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebApp, type WebApp } from '../support/web-app';

const USER = { name: 'Rep', email: 'rep@example.com', password: 'replica-password-1', role: 'editor' };

describe('two web replicas', () => {
  let a: WebApp;
  let b: WebApp;

  beforeAll(async () => {
    const key = randomBytes(32).toString('base64');
    a = await startWebApp({ ENCRYPTION_KEY: key });
    // The same bootstrap admin token too (a different one would replace it).
    b = await startWebApp({ ENCRYPTION_KEY: key, DATABASE_URL: a.database.url, ADMIN_API_TOKEN: a.adminToken });
  }, 180_000);
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  it('a session made on one replica works on the other, and signing out on either ends it', async () => {
    expect((await a.call('POST', '/api/v1/users', { body: USER })).status).toBe(201);
    const { cookie } = await a.signIn(USER.email, USER.password);
    const me = await b.call('GET', '/api/v1/me', { as: { cookie } });
    expect(me.status, me.text).toBe(200);
    expect(me.json).toMatchObject({ email: USER.email, role: 'editor' });

    const out = await fetch(`${b.base}/api/auth/sign-out`, { method: 'POST', headers: { Cookie: cookie, Origin: b.base, 'Content-Type': 'application/json' }, body: '{}' });
    expect(out.status).toBe(200);
    expect((await a.call('GET', '/api/v1/me', { as: { cookie } })).status).toBe(401);
  });

  it('what one replica writes the other serves at once', async () => {
    const created = await a.call('POST', '/api/v1/clusters', { body: { name: 'shared', prometheus: { url: 'http://prometheus.invalid:9090' } } });
    expect(created.status, created.text).toBe(201);
    const listed = await b.call('GET', '/api/v1/clusters', { as: { token: a.adminToken } });
    expect(listed.json.items.map((c: { name: string }) => c.name)).toEqual(['shared']);
  });
});
