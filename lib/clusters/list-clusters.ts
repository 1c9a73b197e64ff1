import type { AppContext } from '../runtime/app-context';
import { ApiError } from '../http/errors';
import { toView, type ClusterView } from './cluster-record';
import { LabelSelectorError, labelSelectorToSql, parseLabelSelector } from './label-selector';

/** A page of clusters ordered by name, and the cursor of the next page (null at the end). */
export interface ClusterPage {
  items: ClusterView[];
  nextCursor: string | null;
}

const encodeCursor = (name: string) => Buffer.from(name).toString('base64url');
function decodeCursor(cursor: string): string {
  const name = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[a-z0-9-]{1,63}$/.test(name)) {
    throw new ApiError(422, 'invalid_query', 'The query has invalid parameters.', [{ path: 'cursor', message: 'not a cursor this API returned' }]);
  }
  return name;
}

/**
 * Clusters matching a Kubernetes label selector (`env=prod,region in (eu,us)`), filtered in SQL
 * over the labels column, a page at a time (keyset on the unique name).
 */
export async function listClusters(
  app: Pick<AppContext, 'prisma'>,
  query: { selector?: string; limit: number; cursor?: string },
): Promise<ClusterPage> {
  let requirements;
  try {
    requirements = parseLabelSelector(query.selector ?? '');
  } catch (error) {
    if (!(error instanceof LabelSelectorError)) throw error;
    throw new ApiError(422, 'invalid_query', 'The query has invalid parameters.', [{ path: 'selector', message: error.message }]);
  }
  const after = query.cursor ? decodeCursor(query.cursor) : '';
  const filter = labelSelectorToSql(requirements, 'labels', 3);
  const ids = await app.prisma.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id FROM clusters WHERE name > $1 AND (${filter.sql}) ORDER BY name LIMIT $2`,
    after,
    query.limit + 1,
    ...filter.params,
  );
  const page = ids.slice(0, query.limit).map((row) => row.id);
  const rows = await app.prisma.cluster.findMany({ where: { id: { in: page } }, orderBy: { name: 'asc' } });
  const items = rows.map(toView);
  return { items, nextCursor: ids.length > query.limit ? encodeCursor(items.at(-1)!.name) : null };
}
