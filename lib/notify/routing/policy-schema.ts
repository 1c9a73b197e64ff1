// The notification policy tree as users write it (JSON/YAML), validated like Alertmanager's
// `route` block (config.go), plus our `escalation` extension and an optional stable route `id`.

import { z } from 'zod';
import { parseDuration } from '../../time/duration';
import { matcherTextSchema } from './matcher-list';

/** One node of the policy tree, as written. Unset fields are inherited from the parent. */
export interface PolicyRoute {
  /** Stable id (defaults to the position path, e.g. `root/0/2`); keeps groups across reordering. */
  id?: string;
  /** Channel name; required at the root. */
  receiver?: string;
  /** Prometheus matchers, all of which must match, e.g. `severity="critical"`. */
  matchers?: string[];
  /** Keep matching later siblings after this route matched. */
  continue?: boolean;
  /** Label names to group by; `['...']` groups by all labels. Root default `['alertname','cluster']`. */
  groupBy?: string[];
  groupWait?: string;
  groupInterval?: string;
  repeatInterval?: string;
  /** Names of time intervals during which this route sends nothing (not inherited, as in Alertmanager). */
  muteTimeIntervals?: string[];
  /** Names of time intervals outside which this route sends nothing (not inherited, as in Alertmanager). */
  activeTimeIntervals?: string[];
  /** Also notify `receiver` if a firing group is not fully acknowledged `after` its first notification; null turns off an inherited one. */
  escalation?: { after: string; receiver: string } | null;
  routes?: PolicyRoute[];
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const ROUTE_ID = /^[A-Za-z0-9_.:/-]+$/;

function durationSchema(options: { nonZero: boolean; field: string }) {
  return z.string().superRefine((text, ctx) => {
    let ms: number;
    try {
      ms = parseDuration(text);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return;
    }
    if (options.nonZero && ms === 0) ctx.addIssue({ code: 'custom', message: `${options.field} cannot be zero` });
  });
}

const groupBySchema = z.array(z.string()).superRefine((names, ctx) => {
  const seen = new Set<string>();
  for (const name of names) {
    if (name !== '...' && !LABEL_NAME.test(name)) {
      ctx.addIssue({ code: 'custom', message: `invalid label name ${JSON.stringify(name)} in group_by list` });
    }
    if (seen.has(name)) ctx.addIssue({ code: 'custom', message: `duplicated label ${JSON.stringify(name)} in group_by` });
    seen.add(name);
  }
  if (names.includes('...') && names.length > 1) {
    ctx.addIssue({ code: 'custom', message: 'cannot have wildcard group_by (`...`) and other labels at the same time' });
  }
});

const routeSchema: z.ZodType<PolicyRoute> = z.lazy(() =>
  z
    .object({
      id: z.string().regex(ROUTE_ID, 'route id may only contain letters, digits and _ . : / -').optional(),
      receiver: z.string().min(1, 'receiver must not be empty').optional(),
      matchers: z.array(matcherTextSchema).optional(),
      continue: z.boolean().optional(),
      groupBy: groupBySchema.optional(),
      groupWait: durationSchema({ nonZero: false, field: 'group_wait' }).optional(),
      groupInterval: durationSchema({ nonZero: true, field: 'group_interval' }).optional(),
      repeatInterval: durationSchema({ nonZero: true, field: 'repeat_interval' }).optional(),
      muteTimeIntervals: z.array(z.string().min(1)).optional(),
      activeTimeIntervals: z.array(z.string().min(1)).optional(),
      escalation: z
        .object({
          after: durationSchema({ nonZero: true, field: 'escalation.after' }),
          receiver: z.string().min(1, 'escalation receiver must not be empty'),
        })
        .strict()
        .nullable()
        .optional(),
      routes: z.array(routeSchema).optional(),
    })
    .strict(),
);

/** The whole tree: a route plus Alertmanager's root-only rules and unique route ids. */
export const notificationPolicySchema = routeSchema.superRefine((root, ctx) => {
  if (!root.receiver) ctx.addIssue({ code: 'custom', path: ['receiver'], message: 'root route must specify a default receiver' });
  if (root.matchers && root.matchers.length > 0) {
    ctx.addIssue({ code: 'custom', path: ['matchers'], message: 'root route must not have any matchers' });
  }
  if (root.continue) ctx.addIssue({ code: 'custom', path: ['continue'], message: 'cannot have continue in root route' });
  if (root.muteTimeIntervals && root.muteTimeIntervals.length > 0) {
    ctx.addIssue({ code: 'custom', path: ['muteTimeIntervals'], message: 'root route must not have any mute time intervals' });
  }
  if (root.activeTimeIntervals && root.activeTimeIntervals.length > 0) {
    ctx.addIssue({ code: 'custom', path: ['activeTimeIntervals'], message: 'root route must not have any active time intervals' });
  }
  const seen = new Map<string, string>();
  const visit = (route: PolicyRoute, id: string, path: (string | number)[]) => {
    const effective = route.id ?? id;
    const previous = seen.get(effective);
    if (previous !== undefined) {
      ctx.addIssue({ code: 'custom', path: [...path, 'id'], message: `route id ${JSON.stringify(effective)} is used twice` });
    }
    seen.set(effective, effective);
    route.routes?.forEach((child, i) => visit(child, `${effective}/${i}`, [...path, 'routes', i]));
  };
  visit(root, 'root', []);
});

export type NotificationPolicy = PolicyRoute;

/** Which receivers and time intervals a policy refers to, to check them against what exists. */
export function policyReferences(policy: PolicyRoute): { receivers: string[]; timeIntervals: string[] } {
  const receivers = new Set<string>();
  const timeIntervals = new Set<string>();
  const visit = (route: PolicyRoute) => {
    if (route.receiver) receivers.add(route.receiver);
    if (route.escalation) receivers.add(route.escalation.receiver);
    route.muteTimeIntervals?.forEach((name) => timeIntervals.add(name));
    route.activeTimeIntervals?.forEach((name) => timeIntervals.add(name));
    route.routes?.forEach(visit);
  };
  visit(policy);
  return { receivers: [...receivers].sort(), timeIntervals: [...timeIntervals].sort() };
}
