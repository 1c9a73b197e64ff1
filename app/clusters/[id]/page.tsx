import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { requireSignedIn } from '@/app/_lib/session';
import { allows } from '@/lib/auth/roles';
import { getCluster } from '@/lib/clusters/cluster-actions';
import { latestSnapshot } from '@/lib/collect/cluster-snapshot';
import { ApiError } from '@/lib/http/errors';
import { ClusterActionsBar } from './cluster-actions-bar';
import { ClusterCharts } from './cluster-charts';
import { QueryBox } from './query-box';
import { SnapshotSections } from './snapshot-sections';
import { StatusBadge } from '@/app/components/status-badge';

export const metadata: Metadata = { title: 'Cluster' };
export const dynamic = 'force-dynamic';

export default async function ClusterPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { app, principal } = await requireSignedIn(`/clusters/${id}`);
  const cluster = await getCluster(app, id).catch((error) => {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  });
  const snapshot = await latestSnapshot(app, cluster.id);
  const p = cluster.prometheus;
  const k = cluster.kubernetes;
  return (
    <>
      <p className="breadcrumb"><a href="/clusters">Clusters</a> /</p>
      <div className="page-head">
        <div>
          <h1>{cluster.displayName ?? cluster.name}</h1>
          <p className="subtitle">
            <code>{cluster.name}</code> {cluster.description && <>· {cluster.description}</>}
          </p>
        </div>
        {allows(principal.role, 'write') && <ClusterActionsBar id={cluster.id} name={cluster.name} />}
      </div>
      <section className="card">
        <h2>Status</h2>
        <p>
          <StatusBadge state={cluster.status.state} />{' '}
          {cluster.status.checkedAt && <span className="hint">checked {new Date(cluster.status.checkedAt).toUTCString()}</span>}
        </p>
        {cluster.status.reason && <p className="error">{cluster.status.reason}</p>}
        <dl className="summary">
          <dt>Labels</dt>
          <dd><div className="labels">{Object.entries(cluster.labels).map(([key, value]) => <code key={key}>{`${key}=${value}`}</code>)}{Object.keys(cluster.labels).length === 0 && <span className="hint">none</span>}</div></dd>
          <dt>Kubernetes</dt>
          <dd>{cluster.versions.kubernetes ?? <span className="hint">{k ? 'unknown until tested' : 'not connected'}</span>}</dd>
          <dt>Prometheus</dt>
          <dd>{cluster.versions.prometheus ?? <span className="hint">unknown until tested</span>}</dd>
        </dl>
      </section>
      <SnapshotSections snapshot={snapshot} now={app.clock.now().getTime()} />
      <ClusterCharts clusterId={cluster.id} />
      <QueryBox clusterId={cluster.id} scoped={p.selector} />
      <section className="card">
        <h2>Prometheus</h2>
        <dl className="summary">
          <dt>URL</dt><dd><code>{p.url}</code></dd>
          <dt>Authentication</dt><dd>{p.auth.type === 'none' ? 'none' : p.auth.type === 'bearer' ? 'bearer token (set)' : `basic, user ${p.auth.username} (password set)`}</dd>
          <dt>TLS</dt><dd>{p.insecureSkipVerify ? 'verification skipped (insecure)' : p.caCert ? 'verified with a custom CA' : 'verified'}</dd>
          {p.headerNames.length > 0 && (<><dt>Extra headers</dt><dd>{p.headerNames.join(', ')} (values hidden)</dd></>)}
          {p.selector && (<><dt>Series selector</dt><dd><code>{p.selector}</code></dd></>)}
        </dl>
      </section>
      <section className="card">
        <h2>Kubernetes API</h2>
        {k ? (
          <dl className="summary">
            <dt>Server</dt><dd><code>{k.server}</code></dd>
            <dt>Authentication</dt><dd>{k.auth === 'token' ? 'bearer token (set)' : k.auth === 'clientCertificate' ? 'client certificate (key set)' : 'none'}</dd>
            <dt>TLS</dt><dd>{k.insecureSkipVerify ? 'verification skipped (insecure)' : k.caCert ? 'verified with a custom CA' : 'verified'}</dd>
          </dl>
        ) : (
          <p className="hint">Not connected: this cluster is monitored through its metrics only.</p>
        )}
      </section>
    </>
  );
}
