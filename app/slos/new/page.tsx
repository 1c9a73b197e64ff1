import type { Metadata } from 'next';
import { requireSignedIn } from '@/app/_lib/session';
import { SLO_TEMPLATES } from '@/lib/slo/slo-templates';
import { clusterChoices } from '../../rules/cluster-choices';
import { SloForm } from '../slo-form';

export const metadata: Metadata = { title: 'New SLO' };
export const dynamic = 'force-dynamic';

/** A new SLO; `?template=<id>` starts it from that template. */
export default async function NewSloPage({ searchParams }: { searchParams: Promise<{ template?: string }> }) {
  const { app } = await requireSignedIn('/slos/new', 'write');
  const { template: templateId } = await searchParams;
  const template = SLO_TEMPLATES.find((t) => t.id === templateId);
  const clusters = await clusterChoices(app);
  return (
    <>
      <p className="breadcrumb">
        <a href="/slos">SLOs</a> /
      </p>
      <h1>New SLO</h1>
      <p className="subtitle">
        {template ? <>Starting from the template “{template.title}”: check the queries and the objective. </> : <>Or start from a <a href="/slos/templates">template</a>. </>}
        Saving creates the SLO and its burn-rate alerts; the worker computes its numbers within a minute.
      </p>
      <SloForm key={template?.id ?? 'blank'} initial={template?.slo} clusters={clusters} />
    </>
  );
}
