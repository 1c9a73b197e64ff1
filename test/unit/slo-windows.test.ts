import { describe, expect, it } from 'vitest';
import { burnRateWindows, sloWindowMs } from '../../lib/slo/burn-rate-windows';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const table = (periodMs: number) => burnRateWindows(periodMs).map((w) => [w.severity, w.long, w.short, w.factor]);

describe('burnRateWindows', () => {
  it("is the SRE Workbook's table for 30 days", () => {
    expect(table(30 * DAY)).toEqual([
      ['page', '1h', '5m', 14.4],
      ['page', '6h', '30m', 6],
      ['ticket', '1d', '2h', 3],
      ['ticket', '3d', '6h', 1],
    ]);
    expect(burnRateWindows(30 * DAY).map((w) => [w.longMs, w.shortMs])).toEqual([
      [HOUR, 5 * MIN],
      [6 * HOUR, 30 * MIN],
      [DAY, 2 * HOUR],
      [3 * DAY, 6 * HOUR],
    ]);
  });

  it('scales the windows by 28/30 for 28 days and keeps the factors', () => {
    // 1h*28/30 = 56m, 5m*28/30 = 280s = 4m40s, 6h*28/30 = 336m = 5h36m, 30m*28/30 = 28m,
    // 1d*28/30 = 1344m = 22h24m, 2h*28/30 = 112m = 1h52m, 3d*28/30 = 4032m = 2d19h12m, 6h -> 5h36m.
    expect(table(sloWindowMs('28d'))).toEqual([
      ['page', '56m', '4m40s', 14.4],
      ['page', '5h36m', '28m', 6],
      ['ticket', '22h24m', '1h52m', 3],
      ['ticket', '2d19h12m', '5h36m', 1],
    ]);
    expect(burnRateWindows(28 * DAY)[0]).toMatchObject({ longMs: 56 * MIN, shortMs: 280_000 });
  });

  it('scales the windows by 7/30 for 7 days', () => {
    // 1h*7/30 = 14m, 5m*7/30 = 70s, 6h*7/30 = 84m, 30m*7/30 = 7m, 1d*7/30 = 336m, 2h*7/30 = 28m,
    // 3d*7/30 = 1008m = 16h48m, 6h*7/30 = 84m.
    expect(table(sloWindowMs('7d'))).toEqual([
      ['page', '14m', '1m10s', 14.4],
      ['page', '1h24m', '7m', 6],
      ['ticket', '5h36m', '28m', 3],
      ['ticket', '16h48m', '1h24m', 1],
    ]);
    expect(burnRateWindows(7 * DAY)[0]).toMatchObject({ longMs: 14 * MIN, shortMs: 70_000 });
  });

  it('keeps each row meaning the same share of the budget (factor x long / period)', () => {
    // 14.4 * 14m / 7d = 14.4 * 840000 / 604800000 = 0.02; 6 * 84m / 7d = 0.05; 3 * 336m / 7d = 0.1; 1 * 1008m / 7d = 0.1.
    for (const period of ['7d', '28d', '30d'] as const) {
      expect(burnRateWindows(sloWindowMs(period)).map((w) => w.budgetShare)).toEqual([0.02, 0.05, 0.1, 0.1]);
    }
  });

  it('rounds scaled windows to whole seconds', () => {
    // A period of 1e9 ms: 5m * 1e9 / 2592e6 = 115740.74 ms -> 116 s; 1h -> 1388888.9 ms -> 1389 s = 23m9s.
    const [page] = burnRateWindows(1e9);
    expect(page).toMatchObject({ shortMs: 116_000, short: '1m56s', longMs: 1_389_000, long: '23m9s' });
    expect(() => burnRateWindows(0)).toThrow();
  });
});
