import { describe, expect, it } from 'vitest';
import { burnRate, errorBudget, timeToExhaustion } from '../../lib/slo/budget';

const DAY = 24 * 3600_000;

describe('errorBudget', () => {
  it('half spent: 100 errors of 200000 against a 99.9% objective over 30d', () => {
    // errorRatio = 100 / 200000 = 0.0005; allowed = 1 - 0.999 = 0.001; remaining = 1 - 0.0005/0.001 = 0.5;
    // minutes = 0.5 * 0.001 * (30 * 24 * 60 = 43200) = 21.6.
    const budget = errorBudget({ objective: 99.9, windowMs: 30 * DAY, errorCount: 100, totalCount: 200_000 });
    expect(budget.errorRatio).toBeCloseTo(0.0005, 12);
    expect(budget.sli).toBeCloseTo(0.9995, 12);
    expect(budget.allowedErrorRatio).toBe(0.001);
    expect(budget.budgetRemaining).toBeCloseTo(0.5, 12);
    expect(budget.budgetRemainingMinutes).toBeCloseTo(21.6, 9);
  });

  it('overspent: negative remaining budget', () => {
    // 300 / 200000 = 0.0015; 1 - 0.0015/0.001 = -0.5; -0.5 * 0.001 * 43200 = -21.6.
    const budget = errorBudget({ objective: 99.9, windowMs: 30 * DAY, errorCount: 300, totalCount: 200_000 });
    expect(budget.budgetRemaining).toBeCloseTo(-0.5, 12);
    expect(budget.budgetRemainingMinutes).toBeCloseTo(-21.6, 9);
  });

  it('a 99% objective over 7d', () => {
    // allowed 0.01; 50 / 10000 = 0.005; remaining 1 - 0.5 = 0.5; minutes 0.5 * 0.01 * (7 * 1440 = 10080) = 50.4.
    const budget = errorBudget({ objective: 99, windowMs: 7 * DAY, errorCount: 50, totalCount: 10_000 });
    expect(budget.allowedErrorRatio).toBe(0.01);
    expect(budget.budgetRemaining).toBeCloseTo(0.5, 12);
    expect(budget.budgetRemainingMinutes).toBeCloseTo(50.4, 9);
  });

  it('untouched: no errors', () => {
    // remaining 1; minutes = 1 * 0.001 * 43200 = 43.2 (the whole 30d budget of a 99.9% SLO).
    const budget = errorBudget({ objective: 99.9, windowMs: 30 * DAY, errorCount: 0, totalCount: 5000 });
    expect(budget).toEqual({ sli: 1, errorRatio: 0, allowedErrorRatio: 0.001, budgetRemaining: 1, budgetRemainingMinutes: expect.closeTo(43.2, 9) });
  });

  it('no traffic: SLI unknown, budget whole', () => {
    const budget = errorBudget({ objective: 99.9, windowMs: 30 * DAY, errorCount: 0, totalCount: 0 });
    expect(budget).toEqual({ sli: null, errorRatio: null, allowedErrorRatio: 0.001, budgetRemaining: 1, budgetRemainingMinutes: expect.closeTo(43.2, 9) });
  });

  it('clamps an extrapolated error count above the total to a ratio of 1', () => {
    // ratio 1: remaining 1 - 1/0.001 = -999.
    expect(errorBudget({ objective: 99.9, windowMs: 30 * DAY, errorCount: 1002, totalCount: 1000 })).toMatchObject({ sli: 0, errorRatio: 1, budgetRemaining: expect.closeTo(-999, 6) });
  });
});

describe('burnRate', () => {
  it('is the error ratio over the allowed ratio', () => {
    // 0.0144 / 0.001 = 14.4; 0.001 / 0.001 = 1; 0.005 / 0.01 = 0.5.
    expect(burnRate(0.0144, 99.9)).toBeCloseTo(14.4, 12);
    expect(burnRate(0.001, 99.9)).toBeCloseTo(1, 12);
    expect(burnRate(0.005, 99)).toBeCloseTo(0.5, 12);
    expect(burnRate(0, 99.9)).toBe(0);
  });
});

describe('timeToExhaustion', () => {
  it('is remaining x period / burn rate', () => {
    // A whole 30d budget at 14.4x: 2592000000 / 14.4 = 180000000 ms = 50h.
    expect(timeToExhaustion(1, 30 * DAY, 14.4)).toBeCloseTo(50 * 3600_000, 3);
    // Half a 30d budget at 1x: 15d.
    expect(timeToExhaustion(0.5, 30 * DAY, 1)).toBe(15 * DAY);
    // A quarter of a 7d budget at 2x: 0.25 * 604800000 / 2 = 75600000 ms = 21h.
    expect(timeToExhaustion(0.25, 7 * DAY, 2)).toBe(21 * 3600_000);
  });

  it('is 0 once the budget is spent and null when nothing burns', () => {
    expect(timeToExhaustion(0, 30 * DAY, 5)).toBe(0);
    expect(timeToExhaustion(-0.3, 30 * DAY, 5)).toBe(0);
    expect(timeToExhaustion(-0.3, 30 * DAY, 0)).toBe(0);
    expect(timeToExhaustion(0.7, 30 * DAY, 0)).toBeNull();
    expect(timeToExhaustion(0.7, 30 * DAY, -1)).toBeNull();
  });
});
