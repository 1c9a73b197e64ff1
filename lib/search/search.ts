// GET /api/v1/search: one query over clusters, active alerts, rule groups, rules and SLOs, for the
// command palette. Every signed-in role may read all of these (as the list endpoints allow), so
// the caller's access is the route's `read` permission; nothing here is filtered further.
import { z } from 'zod';
import type { CoreContext } from '../runtime/app-context';
import { labelTexts, rank, searchTerms, SEARCH_KINDS, type SearchKind } from './match';

type Db = Pick<CoreContext, 'prisma'>;

export const searchQuerySchema = z
  .object({
    q: z.string().trim().min(1, 'q is the text to search for').max(200),
    limit: z.coerce
      .number({ error: 'limit must be a number from 1 to 50' })
      .int('limit must be a whole number')
      .min(1, 'limit must be from 1 to 50')
      .max(50, 'limit must be from 1 to 50')
      .default(8)
      .describe('The most results per kind'),
  })
  .strict();

export interface SearchHit {
  kind: SearchKind;
  id: string;
  title: string;
  /** A short second line: labels, state, the group of a rule, ... */
  detail: string;
  href: string;
  score: number;
}

export interface SearchResult {
  q: string;
  groups: { kind: SearchKind; items: SearchHit[] }[];
  total: number;
}

/** How many rows of each kind one search reads at most (a search is a typeahead, not an export). */
const SCAN = { clusters: 2000, alerts: 5000, groups: 2000, slos: 2000 } as const;

export async function search(app: Db, query: z.output<typeof searchQuerySchema>): Promise<SearchResult> {
  const terms = searchTerms(query.q);
  const limit = query.limit;
  const [clusters, alerts, groups, slos] = await Promise.all([
    app.prisma.cluster.findMany({ select: { id: true, name: true, displayName: true, labels: true, status: true }, orderBy: { name: 'asc' }, take: SCAN.clusters }),
    app.prisma.alertInstance.findMany({
      select: { id: true, fingerprint: true, state: true, labels: true, ackAt: true, cluster: { select: { name: true } }, rule: { select: { alert: true } } },
      orderBy: { activeAt: 'desc' },
      take: SCAN.alerts,
    }),
    app.prisma.ruleGroup.findMany({ select: { id: true, name: true, description: true, rules: { select: { id: true, alert: true }, orderBy: { position: 'asc' } } }, orderBy: { name: 'asc' }, take: SCAN.groups }),
    app.prisma.slo.findMany({ select: { id: true, name: true, spec: true }, orderBy: { name: 'asc' }, take: SCAN.slos }),
  ]);

  const byKind: Record<SearchKind, SearchHit[]> = {
    cluster: rank(
      terms,
      clusters.map((c) => {
        const labels = labelTexts(c.labels);
        return {
          item: { kind: 'cluster' as const, id: c.id, title: c.displayName ? `${c.displayName} (${c.name})` : c.name, detail: [c.status, ...labels].join(' · '), href: `/clusters/${c.id}` },
          fields: [{ text: c.name, weight: 4 }, { text: c.displayName ?? '', weight: 4 }, ...labels.map((text) => ({ text, weight: 2 })), { text: c.status, weight: 1 }],
        };
      }),
      limit,
    ),
    alert: rank(
      terms,
      alerts.map((a) => {
        const labels = labelTexts(a.labels).filter((l) => !l.startsWith('alertname=') && !l.startsWith('cluster='));
        const state = a.ackAt ? `${a.state}, acknowledged` : a.state;
        return {
          item: { kind: 'alert' as const, id: a.id, title: `${a.rule.alert} on ${a.cluster.name}`, detail: [state, ...labels].join(' · '), href: `/alerts/${a.fingerprint}` },
          fields: [{ text: a.rule.alert, weight: 4 }, { text: a.cluster.name, weight: 3 }, { text: a.state, weight: 2 }, ...(a.ackAt ? [{ text: 'acknowledged', weight: 1 }] : []), ...labels.map((text) => ({ text, weight: 2 }))],
        };
      }),
      limit,
    ),
    ruleGroup: rank(
      terms,
      groups.map((g) => ({
        item: { kind: 'ruleGroup' as const, id: g.id, title: g.name, detail: `${g.rules.length} rule${g.rules.length === 1 ? '' : 's'}${g.description ? ` · ${g.description}` : ''}`, href: `/rules/${g.id}/edit` },
        fields: [{ text: g.name, weight: 4 }, { text: g.description ?? '', weight: 1 }],
      })),
      limit,
    ),
    rule: rank(
      terms,
      groups.flatMap((g) =>
        g.rules.map((r) => ({
          item: { kind: 'rule' as const, id: r.id, title: r.alert, detail: `in ${g.name}`, href: `/rules/${g.id}/edit` },
          fields: [{ text: r.alert, weight: 4 }, { text: g.name, weight: 1 }],
        })),
      ),
      limit,
    ),
    slo: rank(
      terms,
      slos.map((s) => {
        const spec = (s.spec ?? {}) as { description?: string; objective?: number; window?: string };
        const detail = [spec.objective !== undefined ? `${spec.objective}%` : '', spec.window ? `over ${spec.window}` : '', spec.description ?? ''].filter(Boolean).join(' · ');
        return {
          item: { kind: 'slo' as const, id: s.id, title: s.name, detail, href: `/slos/${s.id}` },
          fields: [{ text: s.name, weight: 4 }, { text: spec.description ?? '', weight: 1 }],
        };
      }),
      limit,
    ),
  };
  const resultGroups = SEARCH_KINDS.map((kind) => ({ kind, items: byKind[kind] })).filter((g) => g.items.length > 0);
  return { q: query.q, groups: resultGroups, total: resultGroups.reduce((n, g) => n + g.items.length, 0) };
}
