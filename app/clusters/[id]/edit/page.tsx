import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { requireSignedIn } from '@/app/_lib/session';
import { getCluster } from '@/lib/clusters/cluster-actions';
import { ApiError } from '@/lib/http/errors';
import { ClusterForm } from '../../cluster-form';

export const metadata: Metadata = { title: 'Edit cluster' };
export const dynamic = 'force-dynamic';

export default async function EditClusterPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { app } = await requireSignedIn(`/clusters/${id}/edit`, 'write');
  const cluster = await getCluster(app, id).catch((error) => {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  });
  return (
    <>
      <p className="breadcrumb"><a href="/clusters">Clusters</a> / <a href={`/clusters/${id}`}>{cluster.name}</a> /</p>
      <h1>Edit {cluster.displayName ?? cluster.name}</h1>
      <p className="subtitle">Credentials are never shown; leave them empty to keep them.</p>
      <ClusterForm cluster={cluster} />
    </>
  );
}
