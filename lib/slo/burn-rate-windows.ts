import { formatDuration, parseDuration } from '../time/duration';
import type { SloWindow } from './slo-schema';

// Multiwindow, multi-burn-rate alerts (Google SRE Workbook, "Alerting on SLOs", table 5-8), for a
// 30-day SLO period:
//
//   severity  long  short  burn factor  budget consumed in `long` at that factor
//   page      1h    5m     14.4         2%
//   page      6h    30m    6            5%
//   ticket    1d    2h     3            10%
//   ticket    3d    6h     1            10%
//
// with factor = budget share × period / long window. An alert fires while the error ratio over
// BOTH its long and its short window is above factor × (1 − objective): the long window says a
// real share of the budget is gone, the short one that it is still burning (so it resets soon
// after the problem ends).
//
// Other periods: we scale the long and short windows by period / 30d and keep the factors, so
// every row still means "this share of THIS period's budget burned": 28d → 56m/4m40s at 14.4,
// 7d → 14m/1m10s at 14.4, and so on. Other tools chose differently:
// - Sloth keeps the windows and changes the factor: its built-in 28d table
//   (internal/alert/windows/google-28d.yaml) lists the same 1h/5m … 3d/6h windows and budget
//   percentages, so its 28d page factor is 0.02 × 28d / 1h = 13.44. It has no 7d table (one must
//   be given with --slo-period-windows-path; exports/sloth.ts writes ours).
// - Pyrra scales windows like we do but from a 28d base with factors 14/7/2/1 (1h/5m, 6h/30m,
//   1d/2h, 4d/6h at 28d), rounded to whole minutes, and adds a `for` of about half the short window.
// Scaling keeps detection time and reset time proportional to the period, which is what the
// workbook's budget-share reasoning asks for. We round to whole seconds (not minutes: 7d's 1m10s
// would become 1m); all three periods divide exactly anyway. A 1m10s range needs at least two
// samples, i.e. a scrape interval of at most 35s for 7d SLOs.

export type AlertSeverity = 'page' | 'ticket';

export interface BurnRateWindow {
  severity: AlertSeverity;
  longMs: number;
  shortMs: number;
  /** Prometheus duration text of longMs, e.g. "1h", "56m", "1m10s". */
  long: string;
  short: string;
  /** The burn rate (multiple of the allowed error ratio) both windows must exceed. */
  factor: number;
  /** Share of the period's error budget burned during `long` at exactly `factor` (0.02 = 2%). */
  budgetShare: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const WORKBOOK_PERIOD_MS = 30 * DAY;

/** The workbook's table for a 30d period. */
export const WORKBOOK_WINDOWS: ReadonlyArray<Pick<BurnRateWindow, 'severity' | 'longMs' | 'shortMs' | 'factor'>> = [
  { severity: 'page', longMs: HOUR, shortMs: 5 * MINUTE, factor: 14.4 },
  { severity: 'page', longMs: 6 * HOUR, shortMs: 30 * MINUTE, factor: 6 },
  { severity: 'ticket', longMs: DAY, shortMs: 2 * HOUR, factor: 3 },
  { severity: 'ticket', longMs: 3 * DAY, shortMs: 6 * HOUR, factor: 1 },
];

/** The SLO period in milliseconds ("28d" → 2419200000). */
export function sloWindowMs(window: SloWindow): number {
  return parseDuration(window);
}

/** The four alert rows for an SLO period (ms), windows scaled from the 30d table. */
export function burnRateWindows(periodMs: number): BurnRateWindow[] {
  if (!(periodMs > 0)) throw new Error(`the SLO period must be positive (got ${periodMs} ms)`);
  const scale = (ms: number) => Math.round((ms * periodMs) / WORKBOOK_PERIOD_MS / 1000) * 1000;
  return WORKBOOK_WINDOWS.map((row) => {
    const longMs = scale(row.longMs);
    const shortMs = scale(row.shortMs);
    return {
      severity: row.severity,
      longMs,
      shortMs,
      long: formatDuration(longMs),
      short: formatDuration(shortMs),
      factor: row.factor,
      // Rounded at 1e-9 to drop binary noise; with exact scaling this is the table's share.
      budgetShare: Math.round(((row.factor * longMs) / periodMs) * 1e9) / 1e9,
    };
  });
}
