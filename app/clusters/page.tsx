import type { Metadata } from 'next';
import { db } from '@/lib/db/client';
import { listClusters } from '@/lib/clusters/list-clusters';

export const metadata: Metadata = { title: 'Clusters' };
export const dynamic = 'force-dynamic';

export default async function ClustersPage() {
  const clusters = await listClusters(db());
  return (
    <>
      <h1>Clusters</h1>
      <p className="subtitle">Every Kubernetes cluster this installation monitors.</p>
      {clusters.length === 0 ? (
        <section className="empty" aria-labelledby="no-clusters">
          <h2 id="no-clusters">No clusters registered yet</h2>
          <p>Register a cluster by its Prometheus URL to start monitoring it.</p>
          <pre>
            <code>{`curl -X POST http://localhost:3000/api/v1/clusters \\
  -H 'Content-Type: application/json' \\
  -d '{"name":"prod-eu","prometheus":{"url":"http://prometheus:9090"}}'`}</code>
          </pre>
        </section>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Prometheus</th>
              <th scope="col">Labels</th>
            </tr>
          </thead>
          <tbody>
            {clusters.map((cluster) => (
              <tr key={cluster.id}>
                <td>{cluster.displayName ?? cluster.name}</td>
                <td><code>{cluster.prometheusUrl}</code></td>
                <td>
                  <div className="labels">
                    {Object.entries(cluster.labels).map(([key, value]) => (
                      <code key={key}>{`${key}=${value}`}</code>
                    ))}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
