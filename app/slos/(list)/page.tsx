import type { Metadata } from 'next';
import { requireSignedIn } from '@/app/_lib/session';
import { allows } from '@/lib/auth/roles';
import { listSlos } from '@/lib/slo/service/slo-actions';
import type { SloView } from '@/lib/slo/service/slo-record';
import { agoText } from '../../components/format';
import { clusterChoices } from '../../rules/cluster-choices';
import { BudgetBar } from '../budget-bar';
import { BreachingPills, ScopeText } from '../slo-bits';
import { burnRateText, exhaustionText, objectiveText, sliTypeText } from '../slo-text';

export const metadata: Metadata = { title: 'SLOs' };
export const dynamic = 'force-dynamic';

/** Clusters shown per SLO in the list; the rest are counted (the detail page has them all). */
const SHOWN_CLUSTERS = 3;

type Status = SloView['statuses'][number];

/** Least remaining budget first; clusters without numbers (failed first refresh) after them. */
const byBudget = (a: Status, b: Status) => (a.numbers?.budgetRemaining ?? Infinity) - (b.numbers?.budgetRemaining ?? Infinity) || a.clusterName.localeCompare(b.clusterName);

function ClusterRow({ slo, status, now }: { slo: SloView; status: Status; now: number }) {
  const n = status.numbers;
  return (
    <li className="slo-cluster" data-cluster={status.clusterName}>
      <a className="slo-cluster-name" href={`/slos/${slo.id}?cluster=${status.clusterId}`}>
        {status.clusterName}
      </a>
      {n ? (
        <>
          <BudgetBar remaining={n.budgetRemaining} />
          <ul className="facts slo-facts">
            <li>
              burn rate <strong>{burnRateText(n.currentBurnRate)}</strong>
            </li>
            <li>{exhaustionText(n.timeToExhaustionMs, n.budgetRemaining)}</li>
            <BreachingPills rows={n.burnRates} as="li" />
          </ul>
          {status.error && (
            <p className="slo-refresh-error">
              Last refresh failed ({agoText(status.computedAt, now)}): {status.error}. The numbers are from {agoText(n.computedAt, now)}.
            </p>
          )}
        </>
      ) : (
        <p className="slo-refresh-error slo-cluster-failed">Could not compute: {status.error ?? 'unknown error'}</p>
      )}
    </li>
  );
}

export default async function SlosPage() {
  const { app, principal } = await requireSignedIn('/slos');
  const [slos, clusters] = await Promise.all([listSlos(app), clusterChoices(app)]);
  const clusterNames = new Map(clusters.map((c) => [c.id, c.label]));
  const canWrite = allows(principal.role, 'write');
  const now = Date.now();

  return (
    <>
      <div className="page-head">
        <div>
          <h1>SLOs</h1>
          <p className="subtitle">Error budget left per cluster and how fast it burns, least budget first.</p>
        </div>
        {canWrite && slos.length > 0 && (
          <div className="actions">
            <a className="button secondary" href="/slos/templates">
              Add from template
            </a>
            <a className="button" href="/slos/new">
              New SLO
            </a>
          </div>
        )}
      </div>
      {slos.length === 0 ? (
        <section className="empty" aria-labelledby="no-slos">
          <h2 id="no-slos">No SLOs yet</h2>
          <p>
            An SLO says what share of requests must succeed (or be fast enough) over 7 to 30 days, e.g. “99.9% of API requests without a 5xx over 30 days”.
            Kubewatch then tracks the error budget left on every cluster and pages or opens tickets when it burns too fast.
          </p>
          {canWrite ? (
            <p className="actions center">
              <a className="button" href="/slos/templates">
                Add from template
              </a>
              <a className="button secondary" href="/slos/new">
                New SLO
              </a>
            </p>
          ) : (
            <p>Ask an editor to add SLOs.</p>
          )}
        </section>
      ) : (
        <ul className="slo-list">
          {slos.map((slo) => {
            const statuses = [...slo.statuses].sort(byBudget);
            const shown = statuses.slice(0, SHOWN_CLUSTERS);
            const hidden = statuses.slice(SHOWN_CLUSTERS);
            const hiddenBreaching = hidden.filter((s) => s.numbers?.burnRates.some((r) => r.breaching)).length;
            return (
              <li key={slo.id} className="card slo-card" data-slo={slo.name} aria-labelledby={`slo-${slo.id}`}>
                <div className="slo-card-head">
                  <h2 id={`slo-${slo.id}`}>
                    <a href={`/slos/${slo.id}`}>{slo.name}</a>
                  </h2>
                  <span className="tag">{objectiveText(slo.spec)}</span>
                </div>
                <p className="hint slo-meta">
                  SLI: {sliTypeText(slo.spec.sli)} · <ScopeText scope={slo.spec.scope} clusterNames={clusterNames} />
                </p>
                {statuses.length === 0 ? (
                  <p className="slo-pending">Not computed yet: the worker computes every SLO once a minute.</p>
                ) : (
                  <ul className="slo-clusters">
                    {shown.map((status) => (
                      <ClusterRow key={status.clusterId} slo={slo} status={status} now={now} />
                    ))}
                  </ul>
                )}
                {hidden.length > 0 && (
                  <p className="hint">
                    <a href={`/slos/${slo.id}`}>
                      and {hidden.length} more cluster{hidden.length === 1 ? '' : 's'}
                    </a>
                    {hiddenBreaching > 0 && <> ({hiddenBreaching} breaching)</>}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
