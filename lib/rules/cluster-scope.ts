import type { Cluster } from '../db/generated/client';
import { matchesLabelSelector, parseLabelSelector } from '../clusters/label-selector';
import type { ClusterScope } from './rule-schema';

/** Which clusters a scope selects. */
export function clustersInScope<C extends Pick<Cluster, 'id' | 'labels'>>(scope: ClusterScope, clusters: readonly C[]): readonly C[] {
  switch (scope.type) {
    case 'all':
      return clusters;
    case 'cluster':
      return clusters.filter((c) => c.id === scope.clusterId);
    case 'selector': {
      const requirements = parseLabelSelector(scope.selector);
      return clusters.filter((c) => matchesLabelSelector(requirements, c.labels as Record<string, string>));
    }
  }
}

