import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { requireSignedIn } from '@/app/_lib/session';
import { ApiError } from '@/lib/http/errors';
import { getRuleGroup } from '@/lib/rules/rule-group-actions';
import { clusterChoices } from '../../cluster-choices';
import { RuleGroupEditor } from '../../rule-group-editor';

export const metadata: Metadata = { title: 'Edit rule group' };
export const dynamic = 'force-dynamic';

export default async function EditRuleGroupPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { app } = await requireSignedIn(`/rules/${id}/edit`, 'write');
  const group = await getRuleGroup(app, id).catch((error) => {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  });
  const clusters = await clusterChoices(app);
  return (
    <>
      <p className="breadcrumb"><a href="/rules">Rules</a> /</p>
      <h1>{group.name}</h1>
      {group.slo ? (
        <div className="read-only-note" role="note">
          <strong>
            Generated from the SLO <a href={`/slos/${group.slo.id}`}>{group.slo.name}</a>: change the SLO instead.
          </strong>{' '}
          Its burn-rate alerts follow the SLO’s objective, window and SLI; this group is shown read-only.
        </div>
      ) : (
        <p className="subtitle">Saving replaces the group; rules keep their alerts’ state (pending timers, firing alerts).</p>
      )}
      <RuleGroupEditor group={group} clusters={clusters} readOnly={Boolean(group.slo)} />
    </>
  );
}
