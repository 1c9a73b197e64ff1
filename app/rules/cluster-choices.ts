import type { AppContext } from '@/lib/runtime/app-context';
import { listClusters } from '@/lib/clusters/list-clusters';
import type { ClusterChoice } from './rule-group-editor';

/** Every cluster as the rule pages offer it (scope picker, preview cluster), by name. */
export async function clusterChoices(app: Pick<AppContext, 'prisma'>): Promise<ClusterChoice[]> {
  const page = await listClusters(app, { limit: 1000 });
  return page.items.map((c) => ({ id: c.id, name: c.name, label: c.displayName && c.displayName !== c.name ? `${c.displayName} (${c.name})` : c.name }));
}
