import { describe, expect, it } from 'vitest';
import { burnDown } from '../../lib/slo/service/burn-down';

const H = 3_600_000;

describe('SLO burn-down from hourly buckets', () => {
  it('starts near 100% and falls by each hour\u2019s errors over the allowance of the period\u2019s traffic', () => {
    // 99% objective, 1000 events over the period: 10 errors allowed.
    const hours = [
      { start: 2 * H, errors: 5, total: 400 },
      { start: 0, errors: 1, total: 300 },
      { start: H, errors: 0, total: 0 },
    ];
    const points = burnDown(hours, 99, 1000);
    expect(points.map((p) => p.t)).toEqual([H, 2 * H, 3 * H]);
    // 1 of 10 spent, still 1 (an idle hour), then 6 of 10.
    expect(points.map((p) => p.budgetRemaining)).toEqual([expect.closeTo(0.9, 12), expect.closeTo(0.9, 12), expect.closeTo(0.4, 12)]);
    // Hourly SLIs: 299/300, none without traffic, 395/400.
    expect(points.map((p) => p.sli)).toEqual([expect.closeTo(299 / 300, 12), null, expect.closeTo(395 / 400, 12)]);
  });

  it('goes negative when the budget is overspent, and stays whole without traffic', () => {
    expect(burnDown([{ start: 0, errors: 30, total: 1000 }], 99, 1000)[0]!.budgetRemaining).toBeCloseTo(-2, 12);
    expect(burnDown([{ start: 0, errors: 0, total: 0 }], 99.9, 0)[0]!.budgetRemaining).toBe(1);
  });
});
