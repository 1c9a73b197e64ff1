import { describe, expect, it } from 'vitest';
import { bucketPlan, combineBuckets, sloQueryCost } from '../../lib/slo/buckets';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const at = (day: number, hour: number, minute = 0) => Date.UTC(2026, 10, day, hour, minute);

describe('bucketPlan', () => {
  it('cold start: every hour of the period is missing, as one contiguous run', () => {
    const now = at(22, 10, 25);
    const plan = bucketPlan({ now, windowMs: 7 * DAY, cachedBucketStarts: [] });
    // 7d before 10:25 is Nov 15 10:25, rounded down to the hour: Nov 15 10:00. Complete buckets
    // 10:00 on the 15th .. 09:00 on the 22nd: 7 * 24 = 168.
    expect(plan.from).toBe(at(15, 10));
    expect(plan.bucketStarts).toHaveLength(168);
    expect(plan.bucketStarts[0]).toBe(at(15, 10));
    expect(plan.bucketStarts.at(-1)).toBe(at(22, 9));
    expect(plan.missing).toEqual(plan.bucketStarts);
    expect(plan.missingRuns).toEqual([{ start: at(15, 10), end: at(22, 10) }]);
    expect(plan.unsettled).toEqual([]);
    expect(plan.partial).toEqual({ start: at(22, 10), end: now });
    expect(plan.expired).toEqual([]);
  });

  it('steady state: only the partial hour; gaps in the cache become runs', () => {
    const now = at(22, 10, 25);
    const all = bucketPlan({ now, windowMs: 7 * DAY, cachedBucketStarts: [] }).bucketStarts;
    const cachedAll = bucketPlan({ now, windowMs: 7 * DAY, cachedBucketStarts: all });
    expect(cachedAll.missing).toEqual([]);
    expect(cachedAll.partial).toEqual({ start: at(22, 10), end: now });
    const gaps = [at(16, 3), at(16, 4), at(20, 23)];
    const plan = bucketPlan({ now, windowMs: 7 * DAY, cachedBucketStarts: all.filter((s) => !gaps.includes(s)) });
    expect(plan.missing).toEqual(gaps);
    expect(plan.missingRuns).toEqual([
      { start: at(16, 3), end: at(16, 5) },
      { start: at(20, 23), end: at(21, 0) },
    ]);
  });

  it('does not cache the hour that just ended until it settled (2 minutes by default)', () => {
    // At 10:01 the 09:00 bucket ended 1 minute ago: re-queried, not cached. At 10:02 it is settled.
    expect(bucketPlan({ now: at(22, 10, 1), windowMs: 7 * DAY, cachedBucketStarts: [] })).toMatchObject({ unsettled: [at(22, 9)] });
    const settled = bucketPlan({ now: at(22, 10, 2), windowMs: 7 * DAY, cachedBucketStarts: [] });
    expect(settled.unsettled).toEqual([]);
    expect(settled.missing.at(-1)).toBe(at(22, 9));
    expect(bucketPlan({ now: at(22, 10, 30), windowMs: 7 * DAY, cachedBucketStarts: [], settleMs: 45 * MIN }).unsettled).toEqual([at(22, 9)]);
  });

  it('at an hour boundary covers exactly the period, with no partial bucket', () => {
    const now = at(22, 10);
    const plan = bucketPlan({ now, windowMs: 30 * DAY, cachedBucketStarts: [], settleMs: 0 });
    expect(plan.partial).toBeNull();
    expect(plan.from).toBe(now - 30 * DAY);
    expect(plan.bucketStarts).toHaveLength(720);
  });

  it('always covers between the period and the period plus one bucket', () => {
    for (let minute = 0; minute < 120; minute += 7) {
      const now = at(22, 9) + minute * MIN + 13_000;
      const plan = bucketPlan({ now, windowMs: 7 * DAY, cachedBucketStarts: [] });
      expect(now - plan.from).toBeGreaterThanOrEqual(7 * DAY);
      expect(now - plan.from).toBeLessThan(7 * DAY + HOUR);
      expect(plan.from % HOUR).toBe(0);
    }
  });

  it('lists cached buckets that fell out of the period', () => {
    const plan = bucketPlan({ now: at(22, 10, 25), windowMs: 7 * DAY, cachedBucketStarts: [at(15, 10), at(15, 9), at(14, 0)] });
    expect(plan.expired).toEqual([at(14, 0), at(15, 9)]);
  });
});

describe('combineBuckets', () => {
  it('adds counts', () => {
    // errors 1 + 0 + 4 = 5, totals 1000 + 1200 + 800 = 3000.
    expect(
      combineBuckets([
        { errorCount: 1, totalCount: 1000 },
        { errorCount: 0, totalCount: 1200 },
        { errorCount: 4, totalCount: 800 },
      ]),
    ).toEqual({ errorCount: 5, totalCount: 3000 });
    expect(combineBuckets([])).toEqual({ errorCount: 0, totalCount: 0 });
  });
});

describe('sloQueryCost', () => {
  it('30d: 720 hourly buckets at cold start (or one range query), then 1 query per refresh', () => {
    expect(sloQueryCost({ windowMs: 30 * DAY })).toEqual({
      bucketsPerPeriod: 720,
      coldStartInstantQueries: 720,
      coldStartRangeQueries: 1,
      steadyStateQueriesPerRefresh: 1,
      newBucketQueriesPerHour: 1,
    });
    expect(sloQueryCost({ windowMs: 7 * DAY }).bucketsPerPeriod).toBe(168);
  });
});
