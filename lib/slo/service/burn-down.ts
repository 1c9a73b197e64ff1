// The SLO detail charts from the cached hourly buckets (no extra queries): each hour's SLI, and
// the budget burn-down over the period, from 100% at its start to what remains now.

import { allowedErrorRatio } from '../objective';

export interface HourCounts {
  start: number;
  errors: number;
  total: number;
}

export interface BurnDownPoint {
  /** End of the hour (ms). */
  t: number;
  /** That hour's SLI (good / all), null without traffic. */
  sli: number | null;
  /** Budget left at t: 1 - errors so far / errors the objective allows over the period's traffic. */
  budgetRemaining: number;
}

/**
 * Points per complete hour of the period, oldest first. The allowance is the objective's error
 * ratio times the period's total traffic so far (`periodTotal`, the status's total), so the curve
 * ends where the status's budgetRemaining is (minus the partial hour not charted).
 */
export function burnDown(hours: readonly HourCounts[], objective: number, periodTotal: number, hourMs = 3_600_000): BurnDownPoint[] {
  const allowed = allowedErrorRatio(objective) * periodTotal;
  let spent = 0;
  return [...hours]
    .sort((a, b) => a.start - b.start)
    .map((hour) => {
      spent += hour.errors;
      return {
        t: hour.start + hourMs,
        sli: hour.total > 0 ? Math.min(1, Math.max(0, 1 - hour.errors / hour.total)) : null,
        budgetRemaining: allowed > 0 ? 1 - spent / allowed : 1,
      };
    });
}
