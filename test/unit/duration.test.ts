import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../lib/time/duration';

describe('Prometheus durations', () => {
  it.each([
    ['0', 0],
    ['0s', 0],
    ['500ms', 500],
    ['10s', 10_000],
    ['3m', 180_000],
    ['1h30m', 5_400_000],
    ['1d', 86_400_000],
    ['2w', 1_209_600_000],
    ['1y', 31_536_000_000],
    ['1h1m1s1ms', 3_661_001],
  ])('parses %s', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', '5', '1.5m', '-1m', '1m1h', '1hh', 'ten', '1 m', '5M'])('rejects %j', (text) =>
    expect(() => parseDuration(text)).toThrow(/not a valid duration/),
  );

  it.each([
    [0, '0s'],
    [90_000, '1m30s'],
    [3_600_000, '1h'],
    [86_400_000 + 1500, '1d1s500ms'],
  ])('formats %d as %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});
