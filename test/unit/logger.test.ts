import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
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
