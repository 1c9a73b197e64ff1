import type { Labels } from '../engine/types';

/**
 * Which series each rule wrote at its previous evaluation, to write staleness markers for the
 * ones it no longer returns, as Prometheus's rule group does (seriesInPreviousEval).
 */
export class StaleTracker {
  private readonly previous = new Map<string, Map<string, Labels>>();

  /** Records this evaluation's series of `ruleKey`; returns the series that disappeared. */
  update(ruleKey: string, current: Labels[]): Labels[] {
    const now = new Map(current.map((labels) => [JSON.stringify(Object.entries(labels).sort()), labels]));
    const before = this.previous.get(ruleKey) ?? new Map<string, Labels>();
    this.previous.set(ruleKey, now);
    return [...before].filter(([key]) => !now.has(key)).map(([, labels]) => labels);
  }
}
