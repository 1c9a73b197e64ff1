import type { Metadata } from 'next';
import { requireSignedIn } from '@/app/_lib/session';
import { RULE_TEMPLATES } from '@/lib/rules/rule-templates';
import { clusterChoices } from '../cluster-choices';
import type { RuleLike } from '../rule-draft';
import { RuleGroupEditor } from '../rule-group-editor';

export const metadata: Metadata = { title: 'New rule group' };
export const dynamic = 'force-dynamic';

/** A new group; `?template=<id>` starts it with that template's rule ("Customize first"). */
export default async function NewRuleGroupPage({ searchParams }: { searchParams: Promise<{ template?: string }> }) {
  const { app } = await requireSignedIn('/rules/new', 'write');
  const { template: templateId } = await searchParams;
  const template = RULE_TEMPLATES.find((t) => t.id === templateId);
  const clusters = await clusterChoices(app);
  return (
    <>
      <p className="breadcrumb"><a href="/rules">Rules</a> /</p>
      <h1>New rule group</h1>
      <p className="subtitle">
        {template ? <>Starting from the template “{template.title}”. </> : null}
        Rules in a group are evaluated together, every interval, on the clusters you choose.
      </p>
      <RuleGroupEditor clusters={clusters} initialRules={template ? [template.rule as RuleLike] : undefined} initialName={template?.title} />
    </>
  );
}
