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
      <p className="subtitle">Saving replaces the group; rules keep their alerts’ state (pending timers, firing alerts).</p>
      <RuleGroupEditor group={group} clusters={clusters} />
    </>
  );
}
