import type { Metadata } from 'next';
import { requireSignedIn } from '@/app/_lib/session';
import { allows } from '@/lib/auth/roles';
import { alertListQuerySchema, listActiveAlerts } from '@/lib/rules/alert-queries';
import { listRuleGroups } from '@/lib/rules/rule-group-actions';
import { SeverityBadge } from '../../components/severity-badge';
import { clusterChoices } from '../cluster-choices';
import { ScopeText } from '../../components/scope-text';

export const metadata: Metadata = { title: 'Rules' };
export const dynamic = 'force-dynamic';


/** Firing / pending counts of one rule, as text (never colour only), linking to its alerts. */
function ActiveCounts({ alert, counts }: { alert: string; counts: { firing: number; pending: number } | undefined }) {
  if (!counts || counts.firing + counts.pending === 0) return <span className="hint">none</span>;
  return (
    <a className="active-counts" href={`/alerts?alertname=${encodeURIComponent(alert)}`}>
      {counts.firing > 0 && <span className="state-tag state-firing">{counts.firing} firing</span>}
      {counts.pending > 0 && <span className="state-tag state-pending">{counts.pending} pending</span>}
    </a>
  );
}

export default async function RulesPage() {
  const { app, principal } = await requireSignedIn('/rules');
  const [groups, active, clusters] = await Promise.all([listRuleGroups(app), listActiveAlerts(app, alertListQuerySchema.parse({})), clusterChoices(app)]);
  const clusterNames = new Map(clusters.map((c) => [c.id, c.label]));
  const countsByRule = new Map<string, { firing: number; pending: number }>();
  for (const a of active.alerts) {
    const counts = countsByRule.get(a.rule.id) ?? { firing: 0, pending: 0 };
    counts[a.state]++;
    countsByRule.set(a.rule.id, counts);
  }
  const canWrite = allows(principal.role, 'write');

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Rules</h1>
          <p className="subtitle">Alert rules, in groups evaluated together on an interval.</p>
        </div>
        {canWrite && (
          <div className="actions">
            <a className="button secondary" href="/rules/templates">Add from template</a>
            <a className="button" href="/rules/new">New rule group</a>
          </div>
        )}
      </div>
      {groups.length === 0 ? (
        <section className="empty" aria-labelledby="no-rules">
          <h2 id="no-rules">No alert rules yet</h2>
          <p>Start from a template (node CPU, memory, disk, crash-looping pods…) with one click, or write a rule in PromQL.</p>
          {canWrite ? (
            <p className="actions center">
              <a className="button" href="/rules/templates">Add from template</a>
              <a className="button secondary" href="/rules/new">Create a rule</a>
            </p>
          ) : (
            <p>Ask an editor to add rules.</p>
          )}
        </section>
      ) : (
        <div className="group-list">
          {groups.map((group) => (
            <section key={group.id} id={`group-${group.id}`} className="card rule-group" aria-labelledby={`group-${group.id}-name`}>
              <div className="page-head">
                <div>
                  <h2 id={`group-${group.id}-name`}>
                    {group.name} {group.paused && <span className="tag tag-muted">paused</span>}
                    {group.slo && (
                      <a className="tag slo-tag" href={`/slos/${group.slo.id}`}>
                        from SLO {group.slo.name}
                      </a>
                    )}
                  </h2>
                  <p className="hint">
                    Every {group.interval} · <ScopeText scope={group.scope} clusterNames={clusterNames} />
                  </p>
                  {group.description && <p className="group-description">{group.description}</p>}
                </div>
                {canWrite &&
                  (group.slo ? (
                    <a className="button secondary small" href={`/rules/${group.id}/edit`} aria-label={`View ${group.name}`} title="Generated from an SLO: change the SLO instead">
                      View
                    </a>
                  ) : (
                    <a className="button secondary small" href={`/rules/${group.id}/edit`} aria-label={`Edit ${group.name}`}>
                      Edit
                    </a>
                  ))}
              </div>
              <div className="table-scroll" tabIndex={0} role="region" aria-label={`Rules of ${group.name}`}>
                <table className="rule-table">
                  <thead>
                    <tr>
                      <th scope="col">Alert</th>
                      <th scope="col">For</th>
                      <th scope="col">Severity</th>
                      <th scope="col">Active now</th>
                    </tr>
                  </thead>
                  <tbody>
                    {group.rules.map((rule) => (
                      <tr key={rule.id}>
                        <td>
                          <strong>{rule.alert}</strong> {!rule.enabled && <span className="tag tag-muted">disabled</span>}
                          <div className="rule-expr">
                            <code>{rule.expr}</code>
                          </div>
                        </td>
                        <td className="nowrap">{rule.for}</td>
                        <td>{rule.severity ? <SeverityBadge severity={rule.severity} /> : <span className="hint">none</span>}</td>
                        <td>
                          <ActiveCounts alert={rule.alert} counts={countsByRule.get(rule.id)} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          ))}
        </div>
      )}
    </>
  );
}
