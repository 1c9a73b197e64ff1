// The notification configuration as YAML for the policy editor: written from the stored JSON,
// read back (Alertmanager's snake_case keys accepted too), and the API's issue paths
// (`policy.routes.0.matchers.0`) mapped to the line of the YAML they are about.
import { Document, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Node } from 'yaml';

export interface ConfigIssue {
  path: string;
  message: string;
  /** 1-based line in the YAML, when it could be found. */
  line?: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Alertmanager's names for our keys, by where they occur. */
const TOP_ALIASES: Record<string, string> = { route: 'policy', time_intervals: 'timeIntervals', mute_time_intervals: 'timeIntervals', inhibit_rules: 'inhibitRules' };
const ROUTE_ALIASES: Record<string, string> = {
  group_by: 'groupBy',
  group_wait: 'groupWait',
  group_interval: 'groupInterval',
  repeat_interval: 'repeatInterval',
  mute_time_intervals: 'muteTimeIntervals',
  active_time_intervals: 'activeTimeIntervals',
};
const INTERVAL_ALIASES: Record<string, string> = { time_intervals: 'timeIntervals' };
const INHIBIT_ALIASES: Record<string, string> = { source_matchers: 'sourceMatchers', target_matchers: 'targetMatchers' };

function rename(value: Record<string, unknown>, aliases: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const name = aliases[key] ?? key;
    // The API's own name wins when both are written.
    if (name !== key && key in value && name in value) continue;
    out[name] = v;
  }
  return out;
}

function normalizeRoute(route: unknown): unknown {
  if (!isObject(route)) return route;
  const out = rename(route, ROUTE_ALIASES);
  if (Array.isArray(out.routes)) out.routes = out.routes.map(normalizeRoute);
  return out;
}

/** The API's keys for Alertmanager-style ones (route, group_by, time_intervals, source_matchers...). */
export function normalizeConfig(value: Record<string, unknown>): Record<string, unknown> {
  const out = rename(value, TOP_ALIASES);
  if ('policy' in out) out.policy = normalizeRoute(out.policy);
  if (Array.isArray(out.timeIntervals)) out.timeIntervals = out.timeIntervals.map((t) => (isObject(t) ? rename(t, INTERVAL_ALIASES) : t));
  if (Array.isArray(out.inhibitRules)) out.inhibitRules = out.inhibitRules.map((r) => (isObject(r) ? rename(r, INHIBIT_ALIASES) : r));
  return out;
}

const ROUTE_ORDER = ['id', 'receiver', 'matchers', 'continue', 'groupBy', 'groupWait', 'groupInterval', 'repeatInterval', 'muteTimeIntervals', 'activeTimeIntervals', 'escalation', 'routes'];
const INTERVAL_ORDER = ['weekdays', 'times', 'days_of_month', 'daysOfMonth', 'months', 'years', 'location'];
const INHIBIT_ORDER = ['sourceMatchers', 'targetMatchers', 'equal'];

/** The keys in the order people read them (the database keeps JSON keys in its own order); unknown keys last. */
function ordered(value: unknown, order: string[]): unknown {
  if (!isObject(value)) return value;
  const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => rank(a) - rank(b)));
}

function orderedRoute(route: unknown): unknown {
  const out = ordered(route, ROUTE_ORDER);
  if (isObject(out) && Array.isArray(out.routes)) out.routes = out.routes.map(orderedRoute);
  return out;
}

/** The stored configuration as YAML: policy, timeIntervals, inhibitRules, each with its keys in reading order. */
export function configToYaml(config: { policy: unknown; timeIntervals: unknown[]; inhibitRules: unknown[] }): string {
  const timeIntervals = config.timeIntervals.map((named) => {
    const out = ordered(named, ['name', 'timeIntervals']);
    if (isObject(out) && Array.isArray(out.timeIntervals)) out.timeIntervals = out.timeIntervals.map((t) => ordered(t, INTERVAL_ORDER));
    return out;
  });
  const inhibitRules = config.inhibitRules.map((rule) => ordered(rule, INHIBIT_ORDER));
  const doc = new Document({ policy: orderedRoute(config.policy ?? null), timeIntervals, inhibitRules });
  // Lists of plain values on one line, as Alertmanager's docs write them: [alertname, cluster].
  visit(doc, {
    Seq(_, node) {
      if (node.items.length > 0 && node.items.every((item) => isScalar(item))) node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** The YAML as the PUT body, or its syntax problem with the line. */
export function parseConfigYaml(text: string): { ok: true; value: Record<string, unknown> } | { ok: false; issue: ConfigIssue } {
  const doc = parseDocument(text, { prettyErrors: true });
  const error = doc.errors[0];
  if (error) {
    return { ok: false, issue: { path: 'yaml', message: error.message.split(':\n')[0]!.replace(/ at line \d+, column \d+$/, ''), line: error.linePos?.[0]?.line } };
  }
  const value: unknown = doc.toJS();
  if (!isObject(value)) {
    return { ok: false, issue: { path: 'yaml', message: 'expected a mapping with policy, timeIntervals and inhibitRules', line: 1 } };
  }
  return { ok: true, value: normalizeConfig(value) };
}

const aliasesOf = (name: string): string[] => {
  const all = { ...TOP_ALIASES, ...ROUTE_ALIASES, ...INTERVAL_ALIASES, ...INHIBIT_ALIASES };
  return [name, ...Object.entries(all).filter(([, to]) => to === name).map(([from]) => from)];
};

/** The 1-based line of the deepest YAML node on `path` (dotted, as in API issues). */
export function lineOfPath(text: string, path: string): number | undefined {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  if (doc.errors.length) return undefined;
  const lineAt = (offset: number | undefined) => (offset === undefined ? undefined : counter.linePos(offset).line);
  let node: unknown = doc.contents;
  let line: number | undefined;
  for (const segment of path.split('.')) {
    if (isMap(node)) {
      const names = aliasesOf(segment);
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && names.includes(String(p.key.value)));
      if (!pair) break;
      line = lineAt((pair.key as Node).range?.[0]) ?? line;
      node = pair.value;
    } else if (isSeq(node) && /^\d+$/.test(segment)) {
      const item = node.items[Number(segment)];
      if (!item) break;
      line = lineAt((item as Node).range?.[0]) ?? line;
      node = item;
    } else break;
  }
  return line;
}

/** The line an issue is about: by its path, or for "receiver "x" is not a channel" the line naming x. */
export function lineOfIssue(text: string, issue: { path: string; message: string }): number | undefined {
  const named = /(receiver|time interval) "([^"]+)"/.exec(issue.message);
  if (named) {
    const [, what, name] = named;
    const lines = text.split('\n');
    const index = lines.findIndex((l) => {
      const code = l.replace(/#.*$/, '');
      if (!new RegExp(`(^|[\\s\\[,'"-])${name!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[\\s\\],'"])`).test(code)) return false;
      return what === 'receiver' ? /receiver/.test(code) : !/^\s*-?\s*name\s*:/.test(code);
    });
    if (index >= 0) return index + 1;
  }
  return lineOfPath(text, issue.path);
}

/** A first policy to start from, with the instance's channel names. */
export function examplePolicyYaml(channels: string[]): string {
  const main = channels[0] ?? 'my-channel';
  const critical = channels[1] ?? main;
  return `# Every alert goes to ${main}, grouped by alert name and cluster.
# Critical ones go to ${critical}; warnings are held back at night and sent in the morning.
policy:
  receiver: ${main}
  groupBy: [alertname, cluster]
  groupWait: 30s
  groupInterval: 5m
  repeatInterval: 4h
  routes:
    - matchers: ['severity="critical"']
      receiver: ${critical}
      repeatInterval: 1h
    - matchers: ['severity="warning"']
      receiver: ${main}
      muteTimeIntervals: [nights]
timeIntervals:
  - name: nights
    timeIntervals:
      - times: ['22:00-24:00', '00:00-07:00']
        location: UTC
inhibitRules:
  # A firing critical alert mutes the warnings of the same alert and cluster.
  - sourceMatchers: ['severity="critical"']
    targetMatchers: ['severity="warning"']
    equal: [alertname, cluster]
`;
}
