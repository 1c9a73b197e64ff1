import { allowedErrorRatio } from './objective';

// Error budget numbers for the UI, from event counts over the SLO period. Pure arithmetic.

export interface ErrorBudgetInput {
  /** Target percentage, e.g. 99.9. */
  objective: number;
  /** The SLO period in ms. */
  windowMs: number;
  errorCount: number;
  totalCount: number;
}

export interface ErrorBudget {
  /** Good events / all events (0..1); null without traffic. */
  sli: number | null;
  /** Failed events / all events (0..1); null without traffic. */
  errorRatio: number | null;
  /** The error ratio the objective allows: 1 - objective/100. */
  allowedErrorRatio: number;
  /** 1 - errorRatio / allowedErrorRatio: 1 untouched, 0 spent, negative overspent. */
  budgetRemaining: number;
  /**
   * The remaining budget as minutes of full outage: remaining × allowed ratio × period minutes
   * (a 99.9% / 30d SLO has 43.2 minutes in total).
   */
  budgetRemainingMinutes: number;
}

/**
 * The budget over the period. Without traffic (total 0) nothing has failed, so nothing of the
 * budget is spent: the budget stays whole (1) and the SLI is unknown (null), rather than a
 * 0/0 NaN that would make the UI show a broken or exhausted budget for an idle service.
 * Counts come from extrapolated increase()s, so errors can come out slightly above total: the
 * error ratio is clamped to [0, 1].
 */
export function errorBudget({ objective, windowMs, errorCount, totalCount }: ErrorBudgetInput): ErrorBudget {
  const allowed = allowedErrorRatio(objective);
  const windowMinutes = windowMs / 60_000;
  if (!(totalCount > 0)) {
    return { sli: null, errorRatio: null, allowedErrorRatio: allowed, budgetRemaining: 1, budgetRemainingMinutes: allowed * windowMinutes };
  }
  const errorRatio = Math.min(1, Math.max(0, errorCount / totalCount));
  const budgetRemaining = 1 - errorRatio / allowed;
  return {
    sli: 1 - errorRatio,
    errorRatio,
    allowedErrorRatio: allowed,
    budgetRemaining,
    budgetRemainingMinutes: budgetRemaining * allowed * windowMinutes,
  };
}

/** How many times faster than sustainable the budget burns: errorRatio / (1 - objective/100). */
export function burnRate(errorRatio: number, objective: number): number {
  return errorRatio / allowedErrorRatio(objective);
}

/**
 * Milliseconds until the budget is gone if it keeps burning at `burnRate`: at burn rate 1 a
 * whole budget lasts exactly the period, so remaining × period / burnRate. 0 when the budget is
 * already spent; null when it is not burning (burn rate ≤ 0).
 */
export function timeToExhaustion(budgetRemaining: number, windowMs: number, burnRate: number): number | null {
  if (budgetRemaining <= 0) return 0;
  if (!(burnRate > 0)) return null;
  return (budgetRemaining * windowMs) / burnRate;
}
