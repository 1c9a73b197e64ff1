import type { Metadata } from 'next';
import { requireSignedIn } from '@/app/_lib/session';
import { ClusterForm } from '../cluster-form';

export const metadata: Metadata = { title: 'Register cluster' };
export const dynamic = 'force-dynamic';

export default async function NewClusterPage() {
  await requireSignedIn('/clusters/new', 'write');
  return (
    <>
      <p className="breadcrumb"><a href="/clusters">Clusters</a> /</p>
      <h1>Register a cluster</h1>
      <p className="subtitle">Its Prometheus is required; the Kubernetes API is optional (metrics-only clusters work too).</p>
      <ClusterForm />
    </>
  );
}
