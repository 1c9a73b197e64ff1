import { LabelSelectorError } from '../clusters/label-selector';
import { clusterPrometheus } from '../collect/ad-hoc-query';
import { ApiError, type FieldIssue } from '../http/errors';
import { PrometheusQueryError } from '../prometheus/client';
import type { CoreContext } from '../runtime/app-context';
import { clustersInScope } from './cluster-scope';
import type { RuleGroupInput } from './rule-schema';

const CHECK_TIMEOUT_MS = 5_000;
const CLUSTERS_TRIED = 3;

/**
 * Asks a Prometheus of the group's scope to parse and type-check every expression
 * (format_query: nothing is executed), so a save is refused with Prometheus's own error and
 * position for what our local parser lets through (`rate(up)`, unknown functions). Best effort:
 * the first of up to three clusters in scope that answers is asked; with none that answers in
 * time (or only ones older than Prometheus 2.40), the local parse stands alone.
 */
export async function checkExpressionsOnPrometheus(app: CoreContext, input: RuleGroupInput): Promise<void> {
  const clusters = await app.prisma.cluster.findMany({ select: { id: true, name: true, labels: true }, orderBy: { name: 'asc' } });
  let inScope: typeof clusters;
  try {
    inScope = [...clustersInScope(input.scope, clusters)];
  } catch (error) {
    if (error instanceof LabelSelectorError) return; // reported with its position by the scope check
    throw error;
  }
  const deadline = Date.now() + CHECK_TIMEOUT_MS;
  for (const cluster of inScope.slice(0, CLUSTERS_TRIED)) {
    const verdict = await withDeadline(checkOn(app, cluster, input), deadline);
    if (verdict === 'unanswered') continue;
    if (verdict.length) throw new ApiError(422, 'invalid_request', 'Prometheus rejected some expressions.', verdict);
    return;
  }
}

/** Prometheus's objections, or 'unanswered' when this cluster's Prometheus could not tell. */
async function checkOn(app: CoreContext, cluster: { id: string; name: string }, input: RuleGroupInput): Promise<FieldIssue[] | 'unanswered'> {
  const client = await clusterPrometheus(app, cluster.id);
  const results = await Promise.all(
    input.rules.map(async (rule, i): Promise<FieldIssue | 'ok' | 'unanswered'> => {
      try {
        await client.formatQuery(rule.expr);
        return 'ok';
      } catch (error) {
        if (error instanceof PrometheusQueryError && error.kind === 'bad_data' && error.error) {
          return { path: `rules.${i}.expr`, message: `Prometheus of cluster ${cluster.name}: ${error.error.replace(/^invalid parameter "query": /, '')}` };
        }
        return 'unanswered';
      }
    }),
  );
  if (results.includes('unanswered')) return 'unanswered';
  return results.filter((r): r is FieldIssue => typeof r === 'object');
}

async function withDeadline<T>(work: Promise<T>, deadline: number): Promise<T | 'unanswered'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'unanswered'>((resolve) => (timer = setTimeout(() => resolve('unanswered'), Math.max(0, deadline - Date.now()))));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
