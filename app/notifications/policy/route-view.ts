// The policy tree for display (server side): every route with its matchers and the settings it
// applies, each marked as written on the route, inherited from a parent, or the product default
// (group_wait 30s, group_interval 5m, repeat_interval 4h, group_by alertname, cluster).
import { compilePolicy, notificationPolicySchema, type CompiledRoute, type PolicyRoute } from '@/lib/notify/routing';
import { formatDuration } from '@/lib/time/duration';

export type SettingSource = 'set' | 'inherited' | 'default';
export interface SettingView {
  value: string;
  source: SettingSource;
}

export interface RouteView {
  id: string;
  depth: number;
  matchers: string[];
  receiver: SettingView;
  groupBy: SettingView;
  groupWait: SettingView;
  groupInterval: SettingView;
  repeatInterval: SettingView;
  continue: boolean;
  muteTimeIntervals: string[];
  activeTimeIntervals: string[];
  escalation: SettingView | null;
  children: RouteView[];
}

type Written = Pick<PolicyRoute, 'receiver' | 'groupBy' | 'groupWait' | 'groupInterval' | 'repeatInterval' | 'escalation'>;
type Seen = { [K in keyof Written]?: boolean };

function setting(own: boolean, seen: boolean | undefined, value: string): SettingView {
  return { value, source: own ? 'set' : seen ? 'inherited' : 'default' };
}

function view(route: PolicyRoute, compiled: CompiledRoute, depth: number, seen: Seen): RouteView {
  const s = compiled.settings;
  const own = (key: keyof Written) => route[key] !== undefined;
  const nextSeen: Seen = { ...seen };
  for (const key of ['receiver', 'groupBy', 'groupWait', 'groupInterval', 'repeatInterval', 'escalation'] as const) if (own(key)) nextSeen[key] = true;
  const escalation = s.escalation
    ? setting(own('escalation'), seen.escalation, `after ${formatDuration(s.escalation.afterMs)} to ${s.escalation.receiver}`)
    : route.escalation === null
      ? { value: 'off', source: 'set' as const }
      : null;
  return {
    id: compiled.id,
    depth,
    matchers: compiled.matcherTexts,
    receiver: setting(own('receiver'), seen.receiver, s.receiver),
    groupBy: setting(own('groupBy'), seen.groupBy, s.groupByAll ? '... (every label)' : s.groupBy.join(', ') || '(none: one group)'),
    groupWait: setting(own('groupWait'), seen.groupWait, route.groupWait ?? formatDuration(s.groupWaitMs)),
    groupInterval: setting(own('groupInterval'), seen.groupInterval, route.groupInterval ?? formatDuration(s.groupIntervalMs)),
    // The effective value: rounded up to a whole number of group intervals.
    repeatInterval: setting(own('repeatInterval'), seen.repeatInterval, formatDuration(s.repeatIntervalMs)),
    continue: compiled.continue,
    muteTimeIntervals: s.muteTimeIntervals,
    activeTimeIntervals: s.activeTimeIntervals,
    escalation,
    children: (route.routes ?? []).map((child, i) => view(child, compiled.children[i]!, depth + 1, nextSeen)),
  };
}

/** The stored policy as a tree to show, or the reason it cannot be shown. */
export function routeTreeView(policy: unknown): { tree: RouteView } | { problem: string } {
  const parsed = notificationPolicySchema.safeParse(policy);
  if (!parsed.success) return { problem: parsed.error.issues.map((i) => `${i.path.join('.') || 'policy'}: ${i.message}`).join('; ') };
  return { tree: view(parsed.data, compilePolicy(parsed.data), 0, {}) };
}

/** Every route id with the time intervals it mutes in / is active in (for the mute timings page). */
export function intervalUsage(tree: RouteView): Map<string, { routeId: string; matchers: string[]; how: 'mute' | 'active' }[]> {
  const usage = new Map<string, { routeId: string; matchers: string[]; how: 'mute' | 'active' }[]>();
  const add = (name: string, entry: { routeId: string; matchers: string[]; how: 'mute' | 'active' }) => usage.set(name, [...(usage.get(name) ?? []), entry]);
  const visit = (route: RouteView) => {
    for (const name of route.muteTimeIntervals) add(name, { routeId: route.id, matchers: route.matchers, how: 'mute' });
    for (const name of route.activeTimeIntervals) add(name, { routeId: route.id, matchers: route.matchers, how: 'active' });
    route.children.forEach(visit);
  };
  visit(tree);
  return usage;
}
