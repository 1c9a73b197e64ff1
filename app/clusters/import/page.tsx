import type { Metadata } from 'next';
import { requireSignedIn } from '@/app/_lib/session';
import { ImportForm } from './import-form';

export const metadata: Metadata = { title: 'Import kubeconfig' };
export const dynamic = 'force-dynamic';

export default async function ImportPage() {
  await requireSignedIn('/clusters/import', 'write');
  return (
    <>
      <p className="breadcrumb"><a href="/clusters">Clusters</a> /</p>
      <h1>Import from a kubeconfig</h1>
      <p className="subtitle">Each context becomes one cluster. Choose the contexts and give each the URL of its Prometheus.</p>
      <ImportForm />
    </>
  );
}
