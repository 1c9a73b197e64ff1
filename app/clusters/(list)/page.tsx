import type { Metadata } from 'next';
import { requireSignedIn } from '@/app/_lib/session';
import { allows } from '@/lib/auth/roles';
import { listClusters } from '@/lib/clusters/list-clusters';
import { ApiError } from '@/lib/http/errors';
import { StatusBadge } from '@/app/components/status-badge';

export const metadata: Metadata = { title: 'Clusters' };
export const dynamic = 'force-dynamic';

export default async function ClustersPage({ searchParams }: { searchParams: Promise<{ selector?: string }> }) {
  const { app, principal } = await requireSignedIn('/clusters');
  const { selector } = await searchParams;
  let problem: string | undefined;
  const page = await listClusters(app, { selector, limit: 500 }).catch((error) => {
    if (error instanceof ApiError && error.issues) {
      problem = error.issues.map((i) => i.message).join('; ');
      return { items: [], nextCursor: null };
    }
    throw error;
  });
  const canWrite = allows(principal.role, 'write');
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Clusters</h1>
          <p className="subtitle">Every Kubernetes cluster this installation monitors.</p>
        </div>
        {canWrite && (
          <div className="actions">
            <a className="button secondary" href="/clusters/import">Import kubeconfig</a>
            <a className="button" href="/clusters/new">Register cluster</a>
          </div>
        )}
      </div>
      <form className="filter" method="get" role="search">
        <label htmlFor="selector">Label selector</label>
        <input id="selector" name="selector" defaultValue={selector ?? ''} placeholder="env=prod,region in (eu,us)" aria-describedby="selector-help" />
        <button className="button secondary" type="submit">Filter</button>
        <span id="selector-help" className="hint">Kubernetes label-selector syntax</span>
      </form>
      {problem && <p className="error" role="alert">Label selector: {problem}</p>}
      {page.items.length === 0 && !selector ? (
        <section className="empty" aria-labelledby="no-clusters">
          <h2 id="no-clusters">No clusters registered yet</h2>
          <p>Register a cluster by its Prometheus URL, or import the contexts of a kubeconfig. To try Kubewatch first, <code>npm run demo</code> starts simulated clusters and registers them.</p>
          {canWrite ? (
            <p className="actions center">
              <a className="button" href="/clusters/new">Register cluster</a>
              <a className="button secondary" href="/clusters/import">Import kubeconfig</a>
            </p>
          ) : (
            <p>Ask an editor or an admin to register one.</p>
          )}
          <pre>
            <code>{`curl -X POST ${'$'}KUBEWATCH/api/v1/clusters \\
  -H "Authorization: Bearer ${'$'}TOKEN" -H 'Content-Type: application/json' \\
  -d '{"name":"prod-eu","prometheus":{"url":"http://prometheus:9090"}}'`}</code>
          </pre>
        </section>
      ) : page.items.length === 0 ? (
        <section className="empty" aria-labelledby="no-match">
          <h2 id="no-match">No cluster matches <code>{selector}</code></h2>
          <p>Check the label keys and values on the clusters, or show them all.</p>
          <p><a className="button secondary" href="/clusters">Clear the filter</a></p>
        </section>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Clusters">
<table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Labels</th>
              <th scope="col">Versions</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((cluster) => (
              <tr key={cluster.id}>
                <td>
                  <a href={`/clusters/${cluster.id}`}>{cluster.displayName ?? cluster.name}</a>
                  <div className="hint"><code>{cluster.name}</code></div>
                </td>
                <td>
                  <StatusBadge state={cluster.status.state} />
                  {cluster.status.reason && <div className="hint">{cluster.status.reason}</div>}
                </td>
                <td>
                  <div className="labels">
                    {Object.entries(cluster.labels).map(([key, value]) => (
                      <code key={key}>{`${key}=${value}`}</code>
                    ))}
                  </div>
                </td>
                <td className="hint">
                  {cluster.versions.kubernetes && <div>Kubernetes {cluster.versions.kubernetes}</div>}
                  {cluster.versions.prometheus && <div>Prometheus {cluster.versions.prometheus}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
</div>
      )}
    </>
  );
}
