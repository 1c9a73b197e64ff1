// The objective as numbers: the percentage users type and the error ratio it allows.

/**
 * The error ratio an objective allows (its error budget as a fraction of requests): 99.9 → 0.001.
 * Objectives have at most 5 decimals, so rounding at 1e-7 only removes binary noise
 * (100 - 99.9 is 0.09999999999999432 in floating point).
 */
export function allowedErrorRatio(objectivePercent: number): number {
  return Math.round((100 - objectivePercent) * 1e5) / 1e7;
}

/** A ratio as a short percentage for human-readable text: 0.0144 → "1.44%", 0.001 → "0.1%". */
export function formatPercent(ratio: number): string {
  return `${Number((ratio * 100).toPrecision(6))}%`;
}

/** A number as PromQL literal text (JavaScript's shortest round-trip form, e.g. 0.001 or 1e-7). */
export function promqlNumber(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  return String(value);
}
