// "Which route would this alert take?": the same walk as matchRoutes, recording for every route
// whether it was tried, which matchers failed and why later siblings were skipped.

import type { Labels } from '../types';
import { formatMatcher, matchesOne } from './matcher-list';
import { asCompiled, type CompiledRoute, type MatchedRoute, type NotificationPolicy } from './policy';

export interface RouteExplanation {
  id: string;
  key: string;
  receiver: string;
  matchers: string[];
  continue: boolean;
  /** matched: all matchers hold; not-matched: some failed; not-evaluated: never tried. */
  status: 'matched' | 'not-matched' | 'not-evaluated';
  /** The alert is dispatched to this route (a matched route none of whose children took it). */
  selected: boolean;
  /** The matchers that failed, with the alert's value for that label (null when missing). */
  failedMatchers: { matcher: string; label: string; value: string | null }[];
  /** One sentence for the preview UI. */
  reason: string;
  children: RouteExplanation[];
}

export interface RoutingExplanation {
  /** Same as matchRoutes(). */
  matches: MatchedRoute[];
  /** For each match, the route ids from the root down to it. */
  paths: string[][];
  tree: RouteExplanation;
}

/** What every explanation node says about its route. */
function describeRoute(route: CompiledRoute) {
  return { id: route.id, key: route.key, receiver: route.settings.receiver, matchers: route.matcherTexts, continue: route.continue };
}

function notEvaluated(route: CompiledRoute, reason: string): RouteExplanation {
  return {
    ...describeRoute(route),
    status: 'not-evaluated',
    selected: false,
    failedMatchers: [],
    reason,
    children: route.children.map((child) => notEvaluated(child, 'not tried: its parent route did not match')),
  };
}

function explainRoute(
  route: CompiledRoute,
  labels: Readonly<Labels>,
  ancestors: string[],
  found: { matches: MatchedRoute[]; paths: string[][] },
): RouteExplanation {
  const failedMatchers = route.matchers
    .filter((m) => !matchesOne(m, labels))
    .map((m) => ({ matcher: formatMatcher(m), label: m.name, value: labels[m.name] ?? null }));
  if (failedMatchers.length > 0) {
    const first = failedMatchers[0]!;
    const got = first.value === null ? `the alert has no "${first.label}" label` : `the alert has ${first.label}=${JSON.stringify(first.value)}`;
    return {
      ...notEvaluated(route, ''),
      status: 'not-matched',
      failedMatchers,
      reason: `does not match: ${first.matcher} fails (${got})${failedMatchers.length > 1 ? ` and ${failedMatchers.length - 1} more` : ''}`,
    };
  }
  const path = [...ancestors, route.id];
  const children: RouteExplanation[] = [];
  let stoppedBy: CompiledRoute | null = null;
  let childMatched = false;
  for (const child of route.children) {
    if (stoppedBy) {
      children.push(notEvaluated(child, `not tried: sibling ${stoppedBy.id} matched and does not continue`));
      continue;
    }
    const explained = explainRoute(child, labels, path, found);
    children.push(explained);
    if (explained.status === 'matched') {
      childMatched = true;
      if (!child.continue) stoppedBy = child;
    }
  }
  const selected = !childMatched;
  if (selected) {
    found.matches.push({ id: route.id, key: route.key, settings: route.settings });
    found.paths.push(path);
  }
  const what = route.matchers.length === 0 ? (ancestors.length === 0 ? 'the root route matches every alert' : 'no matchers, matches every alert') : 'all matchers match';
  const where = selected
    ? route.children.length === 0
      ? `; notifies ${route.settings.receiver}`
      : `; no child route matched, so it notifies ${route.settings.receiver}`
    : '; handed to its matching child route(s)';
  return {
    ...describeRoute(route),
    status: 'matched',
    selected,
    failedMatchers: [],
    reason: `${what}${where}${route.continue ? ' (continue: later siblings are tried too)' : ''}`,
    children,
  };
}

/** Explains the routing of an alert with these labels through the policy tree. */
export function explainRouting(tree: CompiledRoute | NotificationPolicy, labels: Readonly<Labels>): RoutingExplanation {
  const found = { matches: [] as MatchedRoute[], paths: [] as string[][] };
  const explained = explainRoute(asCompiled(tree), labels, [], found);
  return { ...found, tree: explained };
}
