// Label-set helpers that reproduce Alertmanager's printing and ordering, so group keys and the
// order of alerts in a notification look like Alertmanager's.

import type { Labels } from '../types';
import { compareStrings } from './matcher-list';

/** Prints labels like Go's model.LabelSet.String(): `{alertname="X", cluster="c"}`, sorted. */
export function formatLabelSet(labels: Readonly<Labels>): string {
  const parts = Object.keys(labels)
    .map((name) => `${name}=${JSON.stringify(labels[name])}`)
    .sort(compareStrings);
  return `{${parts.join(', ')}}`;
}

/** model.LabelSet.Before: fewer labels first, then by sorted names and values. */
export function labelSetBefore(a: Readonly<Labels>, b: Readonly<Labels>): boolean {
  const aNames = Object.keys(a);
  const bNames = Object.keys(b);
  if (aNames.length !== bNames.length) return aNames.length < bNames.length;
  const names = [...aNames, ...bNames].sort(compareStrings);
  for (const name of names) {
    const av = a[name];
    if (av === undefined) return true;
    const bv = b[name];
    if (bv === undefined) return false;
    if (av !== bv) return av < bv;
  }
  return false;
}

/** Alertmanager's AlertSlice order: by `job`, then `instance` (alerts having them first), then label set. */
export function compareAlertLabels(a: Readonly<Labels>, b: Readonly<Labels>): number {
  for (const key of ['job', 'instance']) {
    const av = a[key];
    const bv = b[key];
    if (av === undefined && bv === undefined) continue;
    if (av === undefined) return 1;
    if (bv === undefined) return -1;
    if (av !== bv) return av < bv ? -1 : 1;
  }
  if (labelSetBefore(a, b)) return -1;
  if (labelSetBefore(b, a)) return 1;
  return 0;
}

/** Labels that have the same value in every set (Alertmanager's commonLabels / commonAnnotations). */
export function commonLabels(sets: readonly Readonly<Labels>[]): Labels {
  const [first, ...rest] = sets;
  if (!first) return {};
  const common: Labels = {};
  for (const [name, value] of Object.entries(first)) {
    if (rest.every((set) => set[name] === value)) common[name] = value;
  }
  return common;
}
