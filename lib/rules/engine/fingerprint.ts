import { createHash } from 'node:crypto';
import type { Labels } from './types';

/** A stable id for a label set (sorted by name), 16 hex digits like Alertmanager's fingerprints. */
export function labelsFingerprint(labels: Labels): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(labels).sort()) hash.update(name).update('\u0000').update(labels[name]!).update('\u0001');
  return hash.digest('hex').slice(0, 16);
}

/** Labels sorted by name, so stored and compared label sets are canonical. */
export function sortLabels(labels: Labels): Labels {
  const sorted: Labels = {};
  for (const name of Object.keys(labels).sort()) sorted[name] = labels[name]!;
  return sorted;
}
