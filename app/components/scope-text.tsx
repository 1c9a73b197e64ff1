// Which clusters a rule group or an SLO covers, in words (server and client components).
import type { ClusterScope } from '@/lib/rules/rule-schema';

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
