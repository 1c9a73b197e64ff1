// Small pieces of the SLO pages without hooks (server pages and client components render them).
import type { ClusterScope } from '@/lib/rules/rule-schema';
import type { BurnRateRow } from '@/lib/slo/service/slo-status';

/** Which clusters an SLO covers, in words. */
export function ScopeText({ scope, clusterNames }: { scope: ClusterScope; clusterNames: Map<string, string> }) {
  if (scope.type === 'all') return <>All clusters</>;
  if (scope.type === 'cluster') {
    const name = clusterNames.get(scope.clusterId);
    return name ? (
      <>
        Cluster <a href={`/clusters/${scope.clusterId}`}>{name}</a>
      </>
    ) : (
      <span className="error">A cluster that no longer exists</span>
    );
  }
  return (
    <>
      Clusters matching <code>{scope.selector}</code>
    </>
  );
}

/** "breaching: page" / "breaching: ticket" pills for the severities whose alert condition holds now. */
export function BreachingPills({ rows, as: Tag = 'span' }: { rows: BurnRateRow[]; as?: 'span' | 'li' }) {
  const severities = [...new Set(rows.filter((r) => r.breaching).map((r) => r.severity))];
  return (
    <>
      {severities.map((severity) => (
        <Tag key={severity} className={`state-tag breaching breaching-${severity}`}>
          breaching: {severity}
        </Tag>
      ))}
    </>
  );
}
