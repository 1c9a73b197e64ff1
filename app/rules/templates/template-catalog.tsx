'use client';

// The template list with one-click "Add": the rule goes into the group named after the
// template's category (and the chosen scope), which is created when it does not exist yet.
import { useState } from 'react';
import type { RuleGroupView } from '@/lib/rules/rule-group-record';
import type { RuleTemplate } from '@/lib/rules/rule-templates';
import { callApi } from '../../components/api-client';
import { SeverityBadge } from '../../components/severity-badge';
import type { ClusterChoice } from '../rule-group-editor';

export type CatalogEntry = RuleTemplate & { promql: string };

type Outcome = { kind: 'ok' | 'error'; text: string; href?: string };

/** A stored rule back in the input form: a threshold rule's compiled expr is not sent with it. */
function asInput(rule: RuleGroupView['rules'][number]) {
  if (!rule.threshold) return rule;
  const { expr: _compiled, ...rest } = rule;
  return rest;
}

export function TemplateCatalog({ templates, clusters }: { templates: CatalogEntry[]; clusters: ClusterChoice[] }) {
  // '' = all clusters, otherwise a cluster id.
  const [scope, setScope] = useState('');
  const [busy, setBusy] = useState<string>();
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  const categories = [...new Set(templates.map((t) => t.category))];

  async function add(template: CatalogEntry) {
    setBusy(template.id);
    const cluster = clusters.find((c) => c.id === scope);
    const groupName = `Kubernetes: ${template.category}${cluster ? ` (${cluster.name})` : ''}`;
    const outcome = await addToGroup(template, groupName, cluster ? { type: 'cluster', clusterId: cluster.id } : { type: 'all' });
    setOutcomes((o) => ({ ...o, [template.id]: outcome }));
    setBusy(undefined);
  }

  async function addToGroup(template: CatalogEntry, groupName: string, scopeInput: { type: 'all' } | { type: 'cluster'; clusterId: string }): Promise<Outcome> {
    const list = await callApi<{ groups: RuleGroupView[] }>('GET', '/api/v1/rule-groups');
    if (!list.ok) return { kind: 'error', text: list.message };
    const existing = list.data.groups.find((g) => g.name === groupName);
    if (existing?.rules.some((r) => r.alert === template.rule.alert)) {
      return { kind: 'error', text: `Already in “${groupName}”.`, href: `/rules/${existing.id}/edit` };
    }
    const result = existing
      ? await callApi<RuleGroupView>('PATCH', `/api/v1/rule-groups/${existing.id}`, { rules: [...existing.rules.map(asInput), template.rule] })
      : await callApi<RuleGroupView>('POST', '/api/v1/rule-groups', { name: groupName, scope: scopeInput, rules: [template.rule] });
    if (!result.ok) return { kind: 'error', text: [result.message, ...result.issues.map((i) => `${i.path}: ${i.message}`)].join(' ') };
    return { kind: 'ok', text: `Added to “${groupName}”.`, href: `/rules#group-${result.data.id}` };
  }

  return (
    <>
      <div className="filter template-scope">
        <label htmlFor="template-scope">Add rules for</label>
        <select id="template-scope" value={scope} onChange={(e) => setScope(e.target.value)}>
          <option value="">All clusters</option>
          {clusters.map((c) => (
            <option key={c.id} value={c.id}>
              Only {c.label}
            </option>
          ))}
        </select>
      </div>
      {categories.map((category) => (
        <section key={category} aria-labelledby={`category-${category}`} className="template-category">
          <h2 id={`category-${category}`} className="group-title">
            {category}
          </h2>
          <div className="template-grid">
            {templates
              .filter((t) => t.category === category)
              .map((t) => {
                const outcome = outcomes[t.id];
                return (
                  <article key={t.id} className="card template-card" aria-labelledby={`template-${t.id}`}>
                    <header>
                      <h3 id={`template-${t.id}`}>{t.title}</h3>
                      <SeverityBadge severity={t.rule.severity} />
                    </header>
                    <p>{t.description}</p>
                    <p className="hint">
                      <code>{t.rule.alert}</code> · for {t.rule.for ?? '0s'}
                    </p>
                    {/* Long queries scroll inside the card: focusable, so the keyboard can scroll them too. */}
                    <pre className="template-promql" tabIndex={0}>
                      <code>{t.promql}</code>
                    </pre>
                    <div className="actions">
                      <button type="button" className="button small" disabled={busy !== undefined} onClick={() => add(t)} aria-label={`Add ${t.title}`}>
                        {busy === t.id ? 'Adding…' : 'Add'}
                      </button>
                      <a className="button secondary small" href={`/rules/new?template=${encodeURIComponent(t.id)}`} aria-label={`Customize ${t.title}`}>
                        Customize
                      </a>
                    </div>
                    {outcome && (
                      <p className={outcome.kind === 'ok' ? 'ok' : 'error'} role="status">
                        {outcome.text} {outcome.href && <a href={outcome.href}>{outcome.kind === 'ok' ? 'See it' : 'Open the group'}</a>}
                      </p>
                    )}
                  </article>
                );
              })}
          </div>
        </section>
      ))}
    </>
  );
}
