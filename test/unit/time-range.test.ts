import { describe, expect, it } from 'vitest';
import { checkAbsolute, deserializeRange, parseRangeParams, rangeLabel, resolveRange, serializeRange, stepSeconds, withRange } from '../../lib/time/time-range';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const q = (s: string) => new URLSearchParams(s);

describe('time range', () => {
  it('reads a preset from ?range=, and nothing when the query has none', () => {
    expect(parseRangeParams(q('range=6h'), NOW)).toEqual({ ok: true, range: { kind: 'preset', preset: '6h' } });
    expect(parseRangeParams(q('cluster=x'), NOW)).toBeNull();
    expect(parseRangeParams(q('range=2h'), NOW)).toMatchObject({ ok: false, field: 'range' });
  });

  it('reads and checks an absolute window', () => {
    expect(parseRangeParams(q('from=2026-11-22T10:00:00Z&to=2026-11-22T11:00:00Z'), NOW)).toEqual({
      ok: true,
      range: { kind: 'absolute', from: Date.parse('2026-11-22T10:00:00Z'), to: Date.parse('2026-11-22T11:00:00Z') },
    });
    expect(checkAbsolute('', '2026-11-22T11:00Z', NOW)).toMatchObject({ ok: false, field: 'from' });
    expect(checkAbsolute('yesterday', '2026-11-22T11:00Z', NOW)).toMatchObject({ ok: false, field: 'from' });
    expect(checkAbsolute('2026-11-22T11:00Z', '2026-11-22T10:00Z', NOW)).toMatchObject({ ok: false, field: 'to', message: 'The end must be after the start.' });
    expect(checkAbsolute('2026-11-22T11:00:00Z', '2026-11-22T11:00:30Z', NOW)).toMatchObject({ ok: false, field: 'to' });
    expect(checkAbsolute('2026-01-01T00:00Z', '2026-11-22T11:00Z', NOW)).toMatchObject({ ok: false, field: 'from', message: 'The window can be at most 90 days long.' });
    expect(checkAbsolute('2026-11-23T00:00Z', '2026-11-23T01:00Z', NOW)).toMatchObject({ ok: false, field: 'from', message: 'The start must be in the past.' });
    expect(parseRangeParams(q('from=2026-11-22T10:00Z'), NOW)).toMatchObject({ ok: false, field: 'to' });
  });

  it('round-trips through the URL and localStorage, keeping other parameters', () => {
    expect(withRange('cluster=abc&range=1h', { kind: 'preset', preset: '7d' })).toBe('cluster=abc&range=7d');
    const abs = { kind: 'absolute' as const, from: Date.parse('2026-11-22T10:00:00Z'), to: Date.parse('2026-11-22T11:00:00Z') };
    expect(withRange('range=1h&x=1', abs)).toBe('x=1&from=2026-11-22T10%3A00%3A00.000Z&to=2026-11-22T11%3A00%3A00.000Z');
    expect(deserializeRange(serializeRange(abs), NOW)).toEqual(abs);
    expect(deserializeRange(serializeRange({ kind: 'preset', preset: '15m' }), NOW)).toEqual({ kind: 'preset', preset: '15m' });
    expect(deserializeRange('range=bogus', NOW)).toBeNull();
    expect(deserializeRange(null, NOW)).toBeNull();
  });

  it('resolves to a window, a step and a label', () => {
    expect(resolveRange({ kind: 'preset', preset: '15m' }, NOW)).toEqual({ start: NOW - 900_000, end: NOW });
    expect(stepSeconds(NOW - 900_000, NOW)).toBe(15);
    expect(stepSeconds(NOW - 7 * 86_400_000, NOW)).toBe(2520);
    expect(rangeLabel({ kind: 'preset', preset: '24h' })).toBe('Last 24 hours');
    expect(rangeLabel({ kind: 'absolute', from: Date.parse('2026-11-22T10:00:00Z'), to: Date.parse('2026-11-22T11:00:00Z') })).toBe('2026-11-22 10:00 to 2026-11-22 11:00 UTC');
  });
});
