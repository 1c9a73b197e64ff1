import type { Metadata } from 'next';
import { requireSignedIn } from '@/app/_lib/session';
import { RULE_TEMPLATES } from '@/lib/rules/rule-templates';
import { compileThreshold, type MetricTemplateId, type ThresholdOperator } from '@/lib/rules/threshold';
import { clusterChoices } from '../cluster-choices';
import { TemplateCatalog, type CatalogEntry } from './template-catalog';

export const metadata: Metadata = { title: 'Rule templates' };
export const dynamic = 'force-dynamic';

export default async function RuleTemplatesPage() {
  const { app } = await requireSignedIn('/rules/templates', 'write');
  const clusters = await clusterChoices(app);
  const entries: CatalogEntry[] = RULE_TEMPLATES.map((t) => {
    const threshold = t.rule.threshold as { metric: MetricTemplateId; operator: ThresholdOperator; value: number } | undefined;
    return { ...t, promql: threshold ? compileThreshold(threshold) : (t.rule.expr ?? '') };
  });
  return (
    <>
      <p className="breadcrumb"><a href="/rules">Rules</a> /</p>
      <h1>Add from template</h1>
      <p className="subtitle">
        Proven alert rules for Kubernetes. “Add” puts the rule into the group “Kubernetes: &lt;category&gt;” (created if needed); “Customize” opens it in the editor first.
      </p>
      <TemplateCatalog templates={entries} clusters={clusters} />
    </>
  );
}
