// The routing tree: settings inherited down the tree and the depth-first match of
// Alertmanager's dispatch/route.go (first matching child wins unless it has `continue`; a route
// whose children all fail to match takes the alert itself).

import type { Labels } from '../types';
import { parseDuration } from '../../time/duration';
import { formatSortedMatchers, parseMatcherList, type PromMatcher } from './matcher-list';
import { matchesPromMatchers } from '../../prometheus/matchers';
import { notificationPolicySchema, type NotificationPolicy, type PolicyRoute } from './policy-schema';

export { notificationPolicySchema, policyReferences } from './policy-schema';
export type { NotificationPolicy, PolicyRoute } from './policy-schema';

/** The settings a matched route applies, after inheritance and defaults. */
export interface RouteSettings {
  receiver: string;
  /** Label names to group by (empty when groupByAll). */
  groupBy: string[];
  /** `groupBy: ['...']`: every label of the alert is a group label. */
  groupByAll: boolean;
  groupWaitMs: number;
  groupIntervalMs: number;
  /** Rounded up to a multiple of groupIntervalMs (repeats happen on group_interval ticks). */
  repeatIntervalMs: number;
  muteTimeIntervals: string[];
  activeTimeIntervals: string[];
  escalation: { afterMs: number; receiver: string } | null;
}

/** A route an alert is dispatched to. */
export interface MatchedRoute {
  /** Stable id: the route's `id`, or its position path (`root`, `root/0`, `root/0/2`). */
  id: string;
  /** Alertmanager's Route.Key(): the matcher path, e.g. `{}/{owner="team-A"}`. */
  key: string;
  settings: RouteSettings;
}

/** A policy tree ready for matching. */
export interface CompiledRoute extends MatchedRoute {
  matchers: PromMatcher[];
  /** The matcher strings as written. */
  matcherTexts: string[];
  continue: boolean;
  children: CompiledRoute[];
}

/** Product defaults (PRODUCT.md "Defaults", Alertmanager's DefaultRouteOpts except group_by). */
export const DEFAULT_ROUTE_SETTINGS = {
  groupBy: ['alertname', 'cluster'],
  groupWaitMs: 30_000,
  groupIntervalMs: 5 * 60_000,
  repeatIntervalMs: 4 * 3600_000,
} as const;

/** repeat_interval rounded up to a whole number of group_interval ticks. */
export function effectiveRepeatInterval(repeatMs: number, groupIntervalMs: number): number {
  return Math.ceil(repeatMs / groupIntervalMs) * groupIntervalMs;
}

interface Inherited {
  receiver: string;
  groupBy: string[];
  groupByAll: boolean;
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatIntervalRawMs: number;
  escalation: RouteSettings['escalation'];
}

function compileRoute(route: PolicyRoute, parent: Inherited, id: string, parentKey: string | null): CompiledRoute {
  const inherited: Inherited = { ...parent };
  if (route.receiver) inherited.receiver = route.receiver;
  if (route.groupBy !== undefined) {
    inherited.groupByAll = route.groupBy.includes('...');
    inherited.groupBy = inherited.groupByAll ? [] : [...route.groupBy];
  }
  if (route.groupWait !== undefined) inherited.groupWaitMs = parseDuration(route.groupWait);
  if (route.groupInterval !== undefined) inherited.groupIntervalMs = parseDuration(route.groupInterval);
  if (route.repeatInterval !== undefined) inherited.repeatIntervalRawMs = parseDuration(route.repeatInterval);
  if (route.escalation === null) inherited.escalation = null;
  else if (route.escalation) {
    inherited.escalation = { afterMs: parseDuration(route.escalation.after), receiver: route.escalation.receiver };
  }
  const matcherTexts = route.matchers ?? [];
  const matchers = parseMatcherList(matcherTexts);
  const ownId = route.id ?? id;
  const matcherKey = formatSortedMatchers(matchers);
  const key = parentKey === null ? matcherKey : `${parentKey}/${matcherKey}`;
  const settings: RouteSettings = {
    receiver: inherited.receiver,
    groupBy: inherited.groupBy,
    groupByAll: inherited.groupByAll,
    groupWaitMs: inherited.groupWaitMs,
    groupIntervalMs: inherited.groupIntervalMs,
    repeatIntervalMs: effectiveRepeatInterval(inherited.repeatIntervalRawMs, inherited.groupIntervalMs),
    // Alertmanager sets these from the route itself, never from the parent.
    muteTimeIntervals: [...(route.muteTimeIntervals ?? [])],
    activeTimeIntervals: [...(route.activeTimeIntervals ?? [])],
    escalation: inherited.escalation,
  };
  return {
    id: ownId,
    key,
    settings,
    matchers,
    matcherTexts: [...matcherTexts],
    continue: route.continue ?? false,
    children: (route.routes ?? []).map((child, i) => compileRoute(child, inherited, `${ownId}/${i}`, key)),
  };
}

const compiledCache = new WeakMap<object, CompiledRoute>();

/** Validates (throws the ZodError) and compiles a policy tree. */
export function compilePolicy(policy: NotificationPolicy): CompiledRoute {
  const cached = compiledCache.get(policy);
  if (cached) return cached;
  const parsed = notificationPolicySchema.parse(policy);
  const root: Inherited = {
    receiver: parsed.receiver ?? '',
    groupBy: [...DEFAULT_ROUTE_SETTINGS.groupBy],
    groupByAll: false,
    groupWaitMs: DEFAULT_ROUTE_SETTINGS.groupWaitMs,
    groupIntervalMs: DEFAULT_ROUTE_SETTINGS.groupIntervalMs,
    repeatIntervalRawMs: DEFAULT_ROUTE_SETTINGS.repeatIntervalMs,
    escalation: null,
  };
  const compiled = compileRoute(parsed, root, 'root', null);
  compiledCache.set(policy, compiled);
  return compiled;
}

function isCompiled(tree: CompiledRoute | NotificationPolicy): tree is CompiledRoute {
  return 'children' in tree && 'settings' in tree && Array.isArray((tree as CompiledRoute).children);
}

/** Accepts a raw policy or a compiled one. */
export function asCompiled(tree: CompiledRoute | NotificationPolicy): CompiledRoute {
  return isCompiled(tree) ? tree : compilePolicy(tree);
}

function matchCompiled(route: CompiledRoute, labels: Readonly<Labels>): CompiledRoute[] {
  if (!matchesPromMatchers(route.matchers, labels)) return [];
  const all: CompiledRoute[] = [];
  for (const child of route.children) {
    const matches = matchCompiled(child, labels);
    all.push(...matches);
    if (matches.length > 0 && !child.continue) break;
  }
  if (all.length === 0) all.push(route);
  return all;
}

/** The routes an alert with these labels is dispatched to, in Alertmanager's order. */
export function matchRoutes(tree: CompiledRoute | NotificationPolicy, labels: Readonly<Labels>): MatchedRoute[] {
  // The root matches every alert: Alertmanager forbids matchers on it.
  return matchCompiled(asCompiled(tree), labels).map(({ id, key, settings }) => ({ id, key, settings }));
}

/** Every route of the tree, depth first (Alertmanager's Route.Walk order). */
export function walkRoutes(tree: CompiledRoute | NotificationPolicy): CompiledRoute[] {
  const out: CompiledRoute[] = [];
  const visit = (route: CompiledRoute) => {
    out.push(route);
    route.children.forEach(visit);
  };
  visit(asCompiled(tree));
  return out;
}

/** The group labels of an alert on a route: its values for the groupBy labels it has (all labels with `...`). */
export function groupLabelsFor(settings: Pick<RouteSettings, 'groupBy' | 'groupByAll'>, labels: Readonly<Labels>): Labels {
  const out: Labels = {};
  for (const [name, value] of Object.entries(labels)) {
    if (settings.groupByAll || settings.groupBy.includes(name)) out[name] = value;
  }
  return out;
}
