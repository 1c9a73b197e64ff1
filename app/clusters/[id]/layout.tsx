import type { ReactNode } from 'react';
import { notFound } from 'next/navigation';
import { requireSignedIn } from '@/app/_lib/session';
import { getCluster } from '@/lib/clusters/cluster-actions';
import { ApiError } from '@/lib/http/errors';

/**
 * An unknown cluster is a real 404: checked here, before the page's loading skeleton streams
 * (a notFound() from inside the streamed page would arrive after a 200 status was sent).
 */
export default async function ClusterLayout({ children, params }: { children: ReactNode; params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { app } = await requireSignedIn(`/clusters/${id}`);
  await getCluster(app, id).catch((error) => {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  });
  return children;
}
