// Accounts, roles and API tokens over real HTTP against the built web process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type As, leakedSecrets, startWebApp, type WebApp } from '../support/web-app';

const ADMIN = { email: 'ada@example.com', name: 'Ada', password: 'ada-password-123' };
const EDITOR = { email: 'eddie@example.com', name: 'Eddie', password: 'eddie-password-123', role: 'editor' };
const VIEWER = { email: 'vic@example.com', name: 'Vic', password: 'vic-password-1234', role: 'viewer' };
const MISSING_UUID = '00000000-0000-4000-8000-000000000000';

let app: WebApp;
const as: Record<string, As> = {};
const createdTokens: string[] = [];
beforeAll(async () => {
  app = await startWebApp();
});
afterAll(() => app?.stop());

describe('first run', () => {
  it('pages lead to /setup until someone can sign in (ADMIN_API_TOKEN alone does not count)', async () => {
    const res = await fetch(`${app.base}/clusters`, { redirect: 'manual' });
    expect(res.headers.get('location')).toMatch(/\/setup$/);
  });

  it('POST /api/setup creates the first admin and signs them in; only once', async () => {
    const res = await app.call('POST', '/api/setup', { as: 'anonymous', body: ADMIN, headers: { Origin: app.base } });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    expect(cookie).toMatch(/session_token=/);
    as.adminSession = { cookie };
    expect((await app.call('GET', '/api/v1/me', { as: as.adminSession })).json).toMatchObject({ kind: 'user', email: ADMIN.email, role: 'admin' });

    const again = await app.call('POST', '/api/setup', { as: 'anonymous', body: { ...ADMIN, email: 'mallory@example.com' } });
    expect(again.status).toBe(409);
    expect((await fetch(`${app.base}/setup`, { redirect: 'manual' })).headers.get('location')).toMatch(/\/login$/);
  });
});

describe('users and tokens', () => {
  it('an admin creates an editor and a viewer, who sign in with their passwords', async () => {
    for (const user of [EDITOR, VIEWER]) {
      const res = await app.call('POST', '/api/v1/users', { as: as.adminSession, body: user });
      expect(res.status).toBe(201);
      expect(res.json).toMatchObject({ email: user.email, role: user.role });
      expect(res.text).not.toContain(user.password);
    }
    as.editorSession = await app.signIn(EDITOR.email, EDITOR.password);
    as.viewerSession = await app.signIn(VIEWER.email, VIEWER.password);
    expect((await app.call('GET', '/api/v1/me', { as: as.viewerSession })).json.role).toBe('viewer');
    await expect(app.signIn(VIEWER.email, 'not-the-password')).rejects.toThrow(/HTTP 401/);
  });

  it('each creates a personal token, shown once, stored hashed', async () => {
    for (const [who, session] of [['viewer', as.viewerSession], ['editor', as.editorSession], ['admin', as.adminSession]] as const) {
      const res = await app.call('POST', '/api/v1/tokens', { as: session, body: { name: `${who} laptop` } });
      expect(res.status).toBe(201);
      expect(res.json.token).toMatch(/^kw_[A-Za-z0-9_-]{43}$/);
      expect(res.json.role).toBe(who);
      createdTokens.push(res.json.token);
      as[`${who}Token`] = { token: res.json.token };
      const list = await app.call('GET', '/api/v1/tokens', { as: session });
      expect(list.text).not.toContain(res.json.token);
      expect(list.json.items[0]).toMatchObject({ name: `${who} laptop`, prefix: res.json.token.slice(0, 9), revokedAt: null });
    }
    const rows = await app.database.query<{ tokenHash: string }>('SELECT "tokenHash" FROM api_tokens');
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.tokenHash))).toBe(true);
  });

  it('a token never has more rights than its owner, and cannot mint tokens', async () => {
    const res = await app.call('POST', '/api/v1/tokens', { as: as.viewerSession, body: { name: 'sneaky', role: 'admin' } });
    expect(res.status).toBe(422);
    expect(res.json.error.issues).toEqual([{ path: 'role', message: 'may not exceed your own role (viewer)' }]);
    const scoped = await app.call('POST', '/api/v1/tokens', { as: as.adminSession, body: { name: 'ci read-only', role: 'viewer' } });
    expect(scoped.json.role).toBe('viewer');
    createdTokens.push(scoped.json.token);
    expect((await app.call('POST', '/api/v1/clusters', { as: { token: scoped.json.token }, body: {} })).status).toBe(403);
    expect((await app.call('POST', '/api/v1/tokens', { as: as.adminToken, body: { name: 'minted' } })).status).toBe(403);
  });

  it('records last use, and a revoked token stops working at once', async () => {
    expect((await app.call('GET', '/api/v1/me', { as: as.editorToken })).status).toBe(200);
    const [listed] = (await app.call('GET', '/api/v1/tokens', { as: as.editorSession })).json.items;
    expect(listed.lastUsedAt).not.toBeNull();
    const revoked = await app.call('DELETE', `/api/v1/tokens/${listed.id}`, { as: as.editorSession });
    expect(revoked.status).toBe(200);
    expect(revoked.json.revokedAt).not.toBeNull();
    const denied = await app.call('GET', '/api/v1/me', { as: as.editorToken });
    expect(denied.status).toBe(401);
    expect(denied.json.error.message).toMatch(/revoked/);
    // Re-issue the editor token for the matrix below.
    const fresh = await app.call('POST', '/api/v1/tokens', { as: as.editorSession, body: { name: 'editor again' } });
    as.editorToken = { token: fresh.json.token };
    createdTokens.push(fresh.json.token);
  });

  it('a role change applies to the user\u2019s existing tokens', async () => {
    const users = (await app.call('GET', '/api/v1/users', { as: as.adminSession })).json.items;
    const vic = users.find((u: { email: string }) => u.email === VIEWER.email);
    expect((await app.call('PATCH', `/api/v1/users/${vic.id}`, { as: as.adminSession, body: { role: 'editor' } })).status).toBe(200);
    expect((await app.call('GET', '/api/v1/me', { as: as.viewerToken })).json.role).toBe('viewer'); // token role stays capped at viewer
    expect((await app.call('PATCH', `/api/v1/users/${vic.id}`, { as: as.adminSession, body: { role: 'viewer' } })).status).toBe(200);
  });

  it('the last admin can be neither demoted nor deleted', async () => {
    const users = (await app.call('GET', '/api/v1/users', { as: as.adminSession })).json.items;
    const ada = users.find((u: { email: string }) => u.email === ADMIN.email);
    const automation = users.find((u: { email: string }) => u.email === 'automation@kubewatch.local');
    expect(automation.role).toBe('admin'); // owner of ADMIN_API_TOKEN
    // Two admins exist (Ada and the automation owner): demote the automation one first.
    expect((await app.call('PATCH', `/api/v1/users/${automation.id}`, { as: as.adminSession, body: { role: 'viewer' } })).status).toBe(200);
    expect((await app.call('PATCH', `/api/v1/users/${ada.id}`, { as: as.adminSession, body: { role: 'editor' } })).status).toBe(409);
    expect((await app.call('DELETE', `/api/v1/users/${ada.id}`, { as: as.adminSession })).status).toBe(409);
    expect((await app.call('PATCH', `/api/v1/users/${automation.id}`, { as: as.adminSession, body: { role: 'admin' } })).status).toBe(200);
  });
});

// Every /api/v1 route and the role it needs. test/unit/api-routes.test.ts checks that this
// list covers every exported handler.
const ROUTES: [method: string, path: string, needs: 'viewer' | 'editor' | 'admin'][] = [
  ['GET', '/api/v1/me', 'viewer'],
  ['GET', '/api/v1/clusters', 'viewer'],
  ['GET', '/api/v1/overview', 'viewer'],
  ['GET', '/api/v1/search', 'viewer'],
  ['GET', '/api/v1/alerts/counts', 'viewer'],
  ['POST', '/api/v1/clusters', 'editor'],
  ['GET', `/api/v1/clusters/${MISSING_UUID}`, 'viewer'],
  ['PATCH', `/api/v1/clusters/${MISSING_UUID}`, 'editor'],
  ['DELETE', `/api/v1/clusters/${MISSING_UUID}`, 'editor'],
  ['POST', `/api/v1/clusters/${MISSING_UUID}/test`, 'editor'],
  ['POST', `/api/v1/clusters/${MISSING_UUID}/query`, 'viewer'],
  ['POST', `/api/v1/clusters/${MISSING_UUID}/query_range`, 'viewer'],
  ['GET', `/api/v1/clusters/${MISSING_UUID}/label-values`, 'viewer'],
  ['POST', '/api/v1/clusters/test', 'editor'],
  ['POST', '/api/v1/clusters/import-kubeconfig', 'editor'],
  ['GET', '/api/v1/tokens', 'viewer'],
  ['POST', '/api/v1/tokens', 'viewer'],
  ['DELETE', `/api/v1/tokens/${MISSING_UUID}`, 'viewer'],
  ['GET', '/api/v1/users', 'admin'],
  ['POST', '/api/v1/users', 'admin'],
  ['PATCH', `/api/v1/users/${MISSING_UUID}`, 'admin'],
  ['DELETE', `/api/v1/users/${MISSING_UUID}`, 'admin'],
  ['GET', '/api/v1/audit', 'admin'],
  ['GET', '/api/v1/rule-groups', 'viewer'],
  ['POST', '/api/v1/rule-groups', 'editor'],
  ['GET', `/api/v1/rule-groups/${MISSING_UUID}`, 'viewer'],
  ['PUT', `/api/v1/rule-groups/${MISSING_UUID}`, 'editor'],
  ['PATCH', `/api/v1/rule-groups/${MISSING_UUID}`, 'editor'],
  ['DELETE', `/api/v1/rule-groups/${MISSING_UUID}`, 'editor'],
  ['POST', '/api/v1/rules/backtest', 'viewer'],
  ['POST', '/api/v1/rule-groups/import', 'editor'],
  ['GET', '/api/v1/rule-groups/export', 'viewer'],
  ['GET', '/api/v1/rule-templates', 'viewer'],
  ['GET', '/api/v1/channels', 'viewer'],
  ['POST', '/api/v1/channels', 'editor'],
  ['GET', `/api/v1/channels/${MISSING_UUID}`, 'viewer'],
  ['PATCH', `/api/v1/channels/${MISSING_UUID}`, 'editor'],
  ['DELETE', `/api/v1/channels/${MISSING_UUID}`, 'editor'],
  ['POST', `/api/v1/channels/${MISSING_UUID}/test`, 'editor'],
  ['POST', '/api/v1/channels/preview', 'viewer'],
  ['GET', '/api/v1/slos', 'viewer'],
  ['POST', '/api/v1/slos', 'editor'],
  ['GET', `/api/v1/slos/${MISSING_UUID}`, 'viewer'],
  ['PUT', `/api/v1/slos/${MISSING_UUID}`, 'editor'],
  ['DELETE', `/api/v1/slos/${MISSING_UUID}`, 'editor'],
  ['GET', `/api/v1/slos/${MISSING_UUID}/export`, 'viewer'],
  ['GET', `/api/v1/slos/${MISSING_UUID}/history`, 'viewer'],
  ['GET', '/api/v1/slo-templates', 'viewer'],
  ['GET', '/api/v1/deliveries', 'viewer'],
  ['GET', '/api/v1/silences', 'viewer'],
  ['POST', '/api/v1/silences', 'editor'],
  ['GET', `/api/v1/silences/${MISSING_UUID}`, 'viewer'],
  ['POST', `/api/v1/silences/${MISSING_UUID}/expire`, 'editor'],
  ['GET', '/api/v1/notification-policy', 'viewer'],
  ['PUT', '/api/v1/notification-policy', 'editor'],
  ['POST', '/api/v1/notification-policy/explain', 'viewer'],
  ['POST', `/api/v1/alerts/${MISSING_UUID}/acknowledge`, 'editor'],
  ['GET', '/api/v1/alerts', 'viewer'],
  ['GET', '/api/v1/alerts/history', 'viewer'],
];
export { ROUTES };

describe('role x route matrix', () => {
  const rank = { anonymous: -1, viewer: 0, editor: 1, admin: 2 } as const;
  const callers = [
    ['anonymous', 'anonymous'],
    ['viewer', 'viewerToken'],
    ['viewer', 'viewerSession'],
    ['editor', 'editorToken'],
    ['editor', 'editorSession'],
    ['admin', 'adminToken'],
    ['admin', 'adminSession'],
  ] as const;

  it.each(ROUTES)('%s %s needs %s', async (method, path, needs) => {
    const outcomes: string[] = [];
    for (const [role, key] of callers) {
      const caller = key === 'anonymous' ? 'anonymous' : as[key]!;
      // An empty object: allowed callers get past auth and see 200/404/422, never 401/403/500.
      const res = await app.call(method, path, { as: caller, ...(method === 'GET' || method === 'DELETE' ? {} : { body: {} }) });
      const expected = role === 'anonymous' ? 401 : rank[role] < rank[needs] ? 403 : 'allowed';
      const ok = expected === 'allowed' ? ![401, 403, 500].includes(res.status) : res.status === expected;
      if (!ok) outcomes.push(`${key}: got ${res.status}, expected ${expected}`);
    }
    expect(outcomes).toEqual([]);
  });

  it('an API token that is unknown, malformed, or not Bearer is a 401 (never a fallback to the cookie)', async () => {
    const cookie = (as.adminSession as { cookie: string }).cookie;
    for (const authorization of ['Bearer kw_unknown', 'Basic YWRtaW46YWRtaW4=', 'Bearer', 'kw_no_scheme']) {
      const res = await app.call('GET', '/api/v1/me', { as: 'anonymous', headers: { Authorization: authorization, Cookie: cookie } });
      expect(res.status, authorization).toBe(401);
    }
  });

  it('the audit log shows who did what; viewers cannot read it', async () => {
    const audit = await app.call('GET', '/api/v1/audit?limit=100', { as: as.adminSession });
    const actions = audit.json.items.map((e: { action: string; actorLabel: string }) => `${e.action} by ${e.actorLabel}`);
    expect(actions).toContain('user.create by system');
    expect(actions).toContain(`user.create by ${ADMIN.email}`);
    expect(actions).toContain(`token.revoke by ${EDITOR.email}`);
    expect(actions).toContain(`user.update by ${ADMIN.email}`);
    expect((await app.call('GET', '/api/v1/audit', { as: as.viewerSession })).status).toBe(403);
  });
});

describe('secrets', () => {
  it('passwords and tokens never appear in responses (except a token\u2019s own creation) or logs', () => {
    const isTokenCreation = (r: { method: string; path: string; status: number }) => r.method === 'POST' && r.path === '/api/v1/tokens' && r.status === 201;
    expect(createdTokens.length).toBeGreaterThanOrEqual(4);
    expect(leakedSecrets(app, [ADMIN.password, EDITOR.password, VIEWER.password, app.adminToken, ...createdTokens], isTokenCreation)).toEqual([]);
  });
});
