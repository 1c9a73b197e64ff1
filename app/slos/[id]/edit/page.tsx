import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { requireSignedIn } from '@/app/_lib/session';
import { ApiError } from '@/lib/http/errors';
import { getSlo } from '@/lib/slo/service/slo-actions';
import { clusterChoices } from '../../../rules/cluster-choices';
import { SloForm } from '../../slo-form';

export const metadata: Metadata = { title: 'Edit SLO' };
export const dynamic = 'force-dynamic';

export default async function EditSloPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { app } = await requireSignedIn(`/slos/${id}/edit`, 'write');
  const slo = await getSlo(app, id).catch((error) => {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  });
  const clusters = await clusterChoices(app);
  return (
    <>
      <p className="breadcrumb">
        <a href="/slos">SLOs</a> / <a href={`/slos/${slo.id}`}>{slo.name}</a> /
      </p>
      <h1>Edit {slo.name}</h1>
      <p className="subtitle">Saving replaces the SLO; its burn-rate alerts keep their state. A changed indicator (SLI) starts its numbers afresh.</p>
      <SloForm slo={{ id: slo.id, name: slo.name, spec: slo.spec }} clusters={clusters} />
    </>
  );
}
