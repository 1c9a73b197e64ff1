// Starts the built web process on its own fresh database, and calls it over real HTTP,
// keeping every response body so tests can check that no secret ever comes back.
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from './database';
import { freePort } from './free-port';
import { assertBuilt, type RunningProcess, startProcess, waitForHttp } from './processes';

/** How a call authenticates: a bearer token, a session cookie, or nothing. */
export type As = { token: string } | { cookie: string } | 'anonymous';

export interface CallOptions {
  as?: As;
  body?: unknown;
  /** Sent as is (for malformed bodies); with `contentType`. */
  raw?: string;
  contentType?: string | null;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Headers;
}

export interface WebApp {
  base: string;
  database: TestDatabase;
  process: RunningProcess;
  adminToken: string;
  /** Every response body received, in order. */
  responses: { method: string; path: string; status: number; text: string }[];
  call(method: string, path: string, options?: CallOptions): Promise<CallResult>;
  signIn(email: string, password: string): Promise<{ cookie: string }>;
  stop(): Promise<void>;
}

export async function startWebApp(env: Record<string, string> = {}): Promise<WebApp> {
  assertBuilt();
  const database = await createTestDatabase({ migrate: false });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kubewatch-web-'));
  await chmod(dataDir, 0o755);
  const port = await freePort();
  const adminToken = `kw_${randomBytes(24).toString('base64url')}`;
  const proc = startProcess('web', {
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    PORT: String(port),
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    ADMIN_API_TOKEN: adminToken,
    LOG_LEVEL: 'debug',
    ...env,
  });
  const base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}/api/readyz`, 90_000);
  const responses: WebApp['responses'] = [];

  async function call(method: string, urlPath: string, options: CallOptions = {}): Promise<CallResult> {
    const as = options.as ?? { token: adminToken };
    const headers: Record<string, string> = { ...options.headers };
    if (as !== 'anonymous') {
      if ('token' in as) headers.Authorization = `Bearer ${as.token}`;
      else headers.Cookie = as.cookie;
    }
    let body: string | undefined;
    if (options.raw !== undefined) body = options.raw;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    const contentType = options.contentType === undefined ? (body !== undefined ? 'application/json' : null) : options.contentType;
    if (contentType) headers['Content-Type'] = contentType;
    const response = await fetch(base + urlPath, { method, headers, body, redirect: 'manual' });
    const text = await response.text();
    responses.push({ method, path: urlPath, status: response.status, text });
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, text, json, headers: response.headers };
  }

  async function signIn(email: string, password: string) {
    const response = await fetch(`${base}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: base },
      body: JSON.stringify({ email, password }),
    });
    if (response.status !== 200) throw new Error(`sign-in of ${email} failed: HTTP ${response.status} ${await response.text()}`);
    const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    return { cookie };
  }

  return {
    base,
    database,
    process: proc,
    adminToken,
    responses,
    call,
    signIn,
    async stop() {
      await proc.stop('SIGTERM');
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every place a secret could leak to: response bodies and the process's log lines. */
export function leakedSecrets(app: WebApp, secrets: string[], skip: (r: WebApp['responses'][number]) => boolean = () => false): string[] {
  const haystacks = [
    ...app.responses.filter((r) => !skip(r)).map((r) => `${r.method} ${r.path} -> ${r.text}`),
    ...app.process.logs.map((line) => JSON.stringify(line)),
    app.process.stderr(),
  ];
  return secrets.flatMap((secret) => haystacks.filter((h) => h.includes(secret)).map((h) => `${secret.slice(0, 6)}… in ${h.slice(0, 200)}`));
}
