import type { Metadata } from 'next';
import { requireSignedIn } from '@/app/_lib/session';
import { clusterOverview } from '@/lib/collect/overview';
import { OverviewBoard } from './overview-board';

export const metadata: Metadata = { title: 'Overview' };
export const dynamic = 'force-dynamic';

export default async function OverviewPage() {
  const { app } = await requireSignedIn('/overview');
  const clusters = await clusterOverview(app);
  return (
    <>
      <h1>Overview</h1>
      <p className="subtitle">Every cluster at a glance; refreshes by itself.</p>
      {clusters.length === 0 ? (
        <section className="empty">
          <h2>No clusters yet</h2>
          <p>Register a cluster, or start the demo: <code>npm run demo</code> runs simulated clusters and registers them.</p>
          <p><a className="button" href="/clusters/new">Register cluster</a></p>
        </section>
      ) : (
        <OverviewBoard initial={clusters} />
      )}
    </>
  );
}
