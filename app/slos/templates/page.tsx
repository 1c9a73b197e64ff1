import type { Metadata } from 'next';
import { requireSignedIn } from '@/app/_lib/session';
import { SLO_TEMPLATES } from '@/lib/slo/slo-templates';
import { objectiveText, sliTypeText } from '../slo-text';

export const metadata: Metadata = { title: 'SLO templates' };
export const dynamic = 'force-dynamic';

export default async function SloTemplatesPage() {
  await requireSignedIn('/slos/templates', 'write');
  return (
    <>
      <p className="breadcrumb">
        <a href="/slos">SLOs</a> /
      </p>
      <h1>Add an SLO from a template</h1>
      <p className="subtitle">Objectives for what most Kubernetes clusters expose. “Use this template” opens the SLO form filled in: check the queries and the objective, then save.</p>
      <div className="template-grid slo-templates">
        {SLO_TEMPLATES.map((t) => {
          const sli = t.slo.sli;
          return (
            <article key={t.id} className="card template-card" aria-labelledby={`template-${t.id}`} data-template={t.id}>
              <header>
                <h2 id={`template-${t.id}`} className="template-title">
                  {t.title}
                </h2>
                <span className="tag">{objectiveText(t.slo)}</span>
              </header>
              <p>{t.description}</p>
              <p className="hint">SLI: {sliTypeText(sli)}</p>
              <pre className="template-promql">
                <code>
                  {sli.type === 'ratio'
                    ? `${sli.errors !== undefined ? 'errors' : 'good'}: ${sli.errors ?? sli.good}\ntotal:  ${sli.total}`
                    : `histogram: ${sli.metric}${sli.selector ? `{${sli.selector}}` : ''}\ngood:      le="${sli.thresholdSeconds}"`}
                </code>
              </pre>
              <div className="actions">
                <a className="button small" href={`/slos/new?template=${encodeURIComponent(t.id)}`} aria-label={`Use this template: ${t.title}`}>
                  Use this template
                </a>
              </div>
            </article>
          );
        })}
      </div>
      <p className="hint">
        Something else? <a href="/slos/new">Write an SLO from scratch</a>.
      </p>
    </>
  );
}
