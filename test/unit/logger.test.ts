import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { routeConsoleToLogger } from '../../lib/log/console-to-logger';
import { createLogger, redactUrl } from '../../lib/log/logger';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream };
}

describe('logger', () => {
  it('writes one JSON event per line with component, level and ISO time', () => {
    const { lines, stream } = capture();
    const logger = createLogger('web', 'info', stream);
    logger.info({ route: '/clusters' }, 'request');
    logger.debug('hidden at info level');
    expect(lines).toHaveLength(1);
    const event = JSON.parse(lines[0]!);
    expect(event).toMatchObject({ level: 'info', component: 'web', route: '/clusters', msg: 'request' });
    expect(new Date(event.time).toISOString()).toBe(event.time);
  });

  it('redacts secrets at the top level and one level down', () => {
    const { lines, stream } = capture();
    const logger = createLogger('worker', 'info', stream);
    logger.info({
      password: 'p1',
      token: 't1',
      channel: { secret: 's1', token: 't2', url: 'https://hooks.example' },
      headers: { authorization: 'Bearer abc' },
      DATABASE_URL: 'postgres://u:pw@h/db',
    });
    const line = lines[0]!;
    for (const secret of ['p1', 't1', 's1', 't2', 'Bearer abc', 'pw@h']) expect(line).not.toContain(secret);
    expect(line).toContain('https://hooks.example');
    expect(JSON.parse(line).channel.secret).toBe('[redacted]');
  });

  it('redacts the password of a connection URL', () => {
    expect(redactUrl('postgresql://postgres:s3cret@127.0.0.1:5432/kw')).toBe(
      'postgresql://postgres:redacted@127.0.0.1:5432/kw',
    );
    expect(redactUrl('not a url')).toBe('[unparseable url]');
  });
});

describe('console output of libraries (Next.js)', () => {
  const original = { ...console };
  afterEach(() => Object.assign(console, original));

  it('becomes JSON events at the matching level, without colour codes', () => {
    const { lines, stream } = capture();
    routeConsoleToLogger(createLogger('web', 'debug', stream).child({ source: 'console' }));
    console.log('\u001b[32m✓\u001b[39m Running next.config took %dms', 5);
    console.warn('deprecated option');
    console.error('render failed:', new Error('boom'));
    const events = lines.map((line) => JSON.parse(line));
    expect(events.map((e) => [e.level, e.msg])).toEqual([
      ['info', '✓ Running next.config took 5ms'],
      ['warn', 'deprecated option'],
      ['error', 'render failed:'],
    ]);
    expect(events[2].err.message).toBe('boom');
    expect(events.every((e) => e.source === 'console' && e.component === 'web')).toBe(true);
  });
});
