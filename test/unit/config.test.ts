import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseSettings, publicUrl, settingNames } from '../../lib/config/env';

function problemsOf(env: Record<string, string>) {
  try {
    parseSettings(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('settings', () => {
  it('applies documented defaults to an empty environment', () => {
    const settings = parseSettings({});
    expect(settings.PORT).toBe(3000);
    expect(settings.HOST).toBe('127.0.0.1');
    expect(settings.DATABASE_URL).toBeUndefined();
    expect(settings.DATA_DIR).toBe(path.resolve('./data'));
    expect(settings.EMBEDDED_PG_PORT).toBe(54329);
    expect(settings.WORKER_HEARTBEAT_INTERVAL).toBe(10_000);
    expect(settings.SHUTDOWN_TIMEOUT).toBe(5_000);
    expect(settings.LOG_LEVEL).toBe('info');
    expect(publicUrl(settings)).toBe('http://localhost:3000');
  });

  it('parses given values', () => {
    const settings = parseSettings({
      PORT: '8080',
      DATABASE_URL: 'postgresql://u:p@db:5432/kw',
      WORKER_HEARTBEAT_INTERVAL: '1m30s',
      PUBLIC_URL: 'https://watch.example.com',
      ADMIN_EMAIL: 'ops@example.com',
      ADMIN_PASSWORD: 'correct horse battery',
    });
    expect(settings.PORT).toBe(8080);
    expect(settings.DATABASE_URL).toBe('postgresql://u:p@db:5432/kw');
    expect(settings.WORKER_HEARTBEAT_INTERVAL).toBe(90_000);
    expect(publicUrl(settings)).toBe('https://watch.example.com');
  });

  it('treats empty strings as unset (compose passes ${VAR:-})', () => {
    expect(parseSettings({ DATABASE_URL: '', ADMIN_EMAIL: '', PUBLIC_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL'],
    [{ WORKER_HEARTBEAT_INTERVAL: 'ten seconds' }, 'WORKER_HEARTBEAT_INTERVAL'],
    [{ SHUTDOWN_TIMEOUT: '30s' }, 'SHUTDOWN_TIMEOUT'],
    [{ PUBLIC_URL: 'ftp://x' }, 'PUBLIC_URL'],
    [{ ADMIN_EMAIL: 'not-an-email', ADMIN_PASSWORD: 'long enough password' }, 'ADMIN_EMAIL'],
    [{ ADMIN_EMAIL: 'a@b.co' }, 'ADMIN_PASSWORD'],
    [{ ADMIN_EMAIL: 'a@b.co', ADMIN_PASSWORD: 'short' }, 'ADMIN_PASSWORD'],
    [{ ADMIN_API_TOKEN: 'tooshort' }, 'ADMIN_API_TOKEN'],
    [{ DEMO_CLUSTERS: '500' }, 'DEMO_CLUSTERS'],
    [{ DEMO_CLUSTERS: 'some' }, 'DEMO_CLUSTERS'],
    [{ CLUSTER_POLL_INTERVAL: '1s' }, 'CLUSTER_POLL_INTERVAL'],
    [{ ENCRYPTION_KEY: 'c2hvcnQ=' }, 'ENCRYPTION_KEY'],
  ])('rejects %j naming %s', (env, variable) => {
    const problems = problemsOf(env as Record<string, string>);
    expect(problems.map((p) => p.variable)).toEqual([variable]);
    expect(problems[0]!.message.length).toBeGreaterThan(5);
  });

  it('says what a port must be and echoes the bad value', () => {
    expect(problemsOf({ PORT: 'abc' })).toEqual([{ variable: 'PORT', message: 'expected a port number from 1 to 65535, got "abc"' }]);
    expect(parseSettings({ WORKER_METRICS_PORT: '0' }).WORKER_METRICS_PORT).toBe(0);
    expect(problemsOf({ EMBEDDED_PG_PORT: '0' })[0]!.variable).toBe('EMBEDDED_PG_PORT');
  });

  it('reports every bad variable at once, in a message that names them', () => {
    try {
      parseSettings({ PORT: 'x', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toMatch(/PORT: .*\n.*LOG_LEVEL: /);
    }
  });

  it('never echoes a secret value in its error', () => {
    const problems = problemsOf({ ADMIN_EMAIL: 'a@b.co', ADMIN_PASSWORD: 'hunter2' });
    expect(problems.map((p) => p.variable)).toEqual(['ADMIN_PASSWORD']);
    expect(JSON.stringify(problems)).not.toContain('hunter2');
  });

  it('runs 3 demo clusters for a local try-out, none against a real database, unless told', async () => {
    const { demoClusterCount } = await import('../../lib/config/env');
    expect(demoClusterCount(parseSettings({}))).toBe(3);
    expect(demoClusterCount(parseSettings({ DATABASE_URL: 'postgresql://h/db' }))).toBe(0);
    expect(demoClusterCount(parseSettings({ DEMO_CLUSTERS: '0' }))).toBe(0);
    expect(demoClusterCount(parseSettings({ DATABASE_URL: 'postgresql://h/db', DEMO_CLUSTERS: '10' }))).toBe(10);
  });

  it('exposes the list of setting names', () => {
    expect(settingNames).toContain('DATABASE_URL');
    expect(new Set(settingNames).size).toBe(settingNames.length);
  });
});
