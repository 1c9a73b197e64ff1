// SLO numbers in words, shared by the server pages and the client components (no 'use client':
// a server page cannot call functions exported from a client module).
import type { Sli, Slo } from '@/lib/slo/slo-schema';
import { durationText } from '../components/format';

export type BudgetState = 'healthy' | 'at-risk' | 'exhausted';

/** healthy: at least half the budget left; at risk: 0–50%; exhausted: overspent (below 0). */
export function budgetState(remaining: number): BudgetState {
  if (remaining < 0) return 'exhausted';
  return remaining >= 0.5 ? 'healthy' : 'at-risk';
}

export const BUDGET_WORDS: Record<BudgetState, string> = { healthy: 'healthy', 'at-risk': 'at risk', exhausted: 'exhausted' };

/** A ratio as a percentage with `digits` decimals: 0.2312 → "23.1%". */
export const percent = (ratio: number, digits = 1) => `${(ratio * 100).toFixed(digits)}%`;

/** The SLI with enough decimals to compare it with the objective (99.95 → 3 decimals). */
export function sliText(sli: number | null, objective: number): string {
  if (sli === null) return 'no traffic';
  const decimals = Math.min(5, Math.max(2, (String(objective).split('.')[1]?.length ?? 0) + 1));
  return percent(sli, decimals);
}

/** A burn rate: "4.00×" (1× spends exactly the budget over the period). */
export function burnRateText(rate: number | null): string {
  if (rate === null) return 'no traffic';
  if (rate === 0) return '0×';
  return `${rate >= 100 ? rate.toFixed(0) : rate >= 10 ? rate.toFixed(1) : rate.toFixed(2)}×`;
}

/** "at this rate: 3d 4h", "exhausted", "not burning". */
export function exhaustionText(ms: number | null, budgetRemaining: number): string {
  if (budgetRemaining <= 0) return 'budget spent';
  if (ms === null) return 'not burning';
  return `at this rate: ${durationText(ms)}`;
}

/** When the budget is gone at the current rate: "13h 59m", "budget spent", "not burning". */
export function exhaustionValue(ms: number | null, budgetRemaining: number): string {
  if (budgetRemaining <= 0) return 'budget spent';
  if (ms === null) return 'not burning';
  return durationText(ms);
}

/** Remaining budget as time of full outage: "9h 40m of full outage left", or overspent. */
export function budgetMinutesText(minutes: number): string {
  if (minutes < 0) return `overspent by ${durationText(-minutes * 60_000)} of full outage`;
  return `${durationText(minutes * 60_000)} of full outage left`;
}

export function sliTypeText(sli: Sli | Slo['sli']): string {
  if (sli.type === 'latency') return `latency ≤ ${sli.thresholdSeconds}s`;
  return sli.errors !== undefined ? 'ratio (errors / total)' : 'ratio (good / total)';
}

export const objectiveText = (slo: Pick<Slo, 'objective' | 'window'>) => `${slo.objective}% over ${slo.window}`;

/** The alerts board filtered to this SLO's burn-rate alerts. */
export const sloAlertsHref = (name: string) => `/alerts?filter=${encodeURIComponent(`slo="${name.replace(/["\\]/g, '\\$&')}"`)}`;
