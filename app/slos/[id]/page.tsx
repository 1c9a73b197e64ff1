import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { requireSignedIn } from '@/app/_lib/session';
import { allows } from '@/lib/auth/roles';
import { ApiError } from '@/lib/http/errors';
import { getSlo } from '@/lib/slo/service/slo-actions';
import type { SloView } from '@/lib/slo/service/slo-record';
import { agoText } from '../../components/format';
import { LocalTime } from '../../components/time-text';
import { clusterChoices } from '../../rules/cluster-choices';
import { BudgetBar } from '../budget-bar';
import { BreachingPills, ScopeText } from '../slo-bits';
import { SloActions } from '../slo-actions';
import { SloCharts } from '../slo-charts';
import { budgetMinutesText, budgetState, BUDGET_WORDS, burnRateText, exhaustionValue, objectiveText, percent, sliText, sliTypeText, sloAlertsHref } from '../slo-text';

export const metadata: Metadata = { title: 'SLO' };
export const dynamic = 'force-dynamic';

type Status = SloView['statuses'][number];
type Numbers = NonNullable<Status['numbers']>;

const countText = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : String(Number(n.toPrecision(3))));

function StatusNumbers({ slo, status, numbers, now }: { slo: SloView; status: Status; numbers: Numbers; now: number }) {
  const objective = slo.spec.objective;
  const sliMeets = numbers.sli === null || numbers.sli * 100 >= objective;
  return (
    <>
      <div className="slo-stats" data-testid="slo-numbers">
        <section className="slo-stat" aria-labelledby="stat-sli">
          <h3 id="stat-sli">SLI</h3>
          <p className="slo-big" data-testid="sli">
            {sliText(numbers.sli, objective)}
          </p>
          <p className="hint">
            {numbers.sli === null ? 'No events in the period.' : <>{sliMeets ? 'meets' : 'below'} the objective of {objective}%</>}
            <br />
            since <LocalTime iso={numbers.from} /> ({countText(numbers.errors)} of {countText(numbers.total)} events failed)
          </p>
        </section>
        <section className="slo-stat" aria-labelledby="stat-budget">
          <h3 id="stat-budget">Error budget</h3>
          <BudgetBar remaining={numbers.budgetRemaining} label="left" />
          <p className="hint" data-testid="budget-minutes">
            {budgetMinutesText(numbers.budgetRemainingMinutes)}
          </p>
        </section>
        <section className="slo-stat" aria-labelledby="stat-burn">
          <h3 id="stat-burn">Burn rate now</h3>
          <p className="slo-big" data-testid="burn-rate">
            {burnRateText(numbers.currentBurnRate)}
          </p>
          <p className="hint">over the last hour; 1× would spend exactly the budget in {slo.spec.window}</p>
        </section>
        <section className="slo-stat" aria-labelledby="stat-exhaustion">
          <h3 id="stat-exhaustion">Budget gone in</h3>
          <p className="slo-big" data-testid="exhaustion">
            {exhaustionValue(numbers.timeToExhaustionMs, numbers.budgetRemaining)}
          </p>
          <p className="hint">
            {numbers.budgetRemaining <= 0
              ? 'the period has more failures than the objective allows'
              : numbers.timeToExhaustionMs === null
                ? 'nothing failed in the last hour'
                : `at this rate (${burnRateText(numbers.currentBurnRate)} over the last hour)`}
          </p>
        </section>
      </div>
      <p className="hint slo-computed">
        Computed {agoText(numbers.computedAt, now)} (<LocalTime iso={numbers.computedAt} />) with {numbers.queries} Prometheus {numbers.queries === 1 ? 'query' : 'queries'}; the worker refreshes every minute.
        {status.error && <span className="slo-refresh-error"> The last refresh ({agoText(status.computedAt, now)}) failed: {status.error}</span>}
      </p>

      <section className="card stack-container" aria-labelledby="burn-title">
        <h2 id="burn-title">Burn-rate alerts</h2>
        <p className="hint">An alert fires while the burn rate over both of its windows is above its factor.</p>
        <table className="stack-table burn-table" data-testid="burn-table">
          <thead>
            <tr>
              <th scope="col">Severity</th>
              <th scope="col">Long / short window</th>
              <th scope="col">Burn rate (long)</th>
              <th scope="col">Burn rate (short)</th>
              <th scope="col">Factor</th>
              <th scope="col">Breaching</th>
            </tr>
          </thead>
          <tbody>
            {numbers.burnRates.map((row) => (
              <tr key={`${row.severity}-${row.longWindow}`} className={row.breaching ? 'is-breaching' : undefined}>
                <td data-label="Severity">
                  <span className={`severity severity-slo-${row.severity}`}>{row.severity}</span>
                </td>
                <td data-label="Windows" className="nowrap">
                  {row.longWindow} / {row.shortWindow}
                </td>
                <td data-label="Long">{burnRateText(row.longBurnRate)}</td>
                <td data-label="Short">{burnRateText(row.shortBurnRate)}</td>
                <td data-label="Factor">{row.factor}×</td>
                <td data-label="Breaching">{row.breaching ? <span className="state-tag breaching">yes</span> : <span className="hint">no</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="card" aria-labelledby="charts-title">
        <h2 id="charts-title">Over the period</h2>
        <SloCharts sloId={slo.id} clusterId={status.clusterId} objective={objective} />
      </section>
    </>
  );
}

function Definition({ slo, clusterNames }: { slo: SloView; clusterNames: Map<string, string> }) {
  const { spec } = slo;
  const sli = spec.sli;
  const labels = Object.entries(spec.labels ?? {});
  return (
    <section className="card" aria-labelledby="definition-title">
      <h2 id="definition-title">Definition</h2>
      <dl className="summary slo-definition">
        <dt>Objective</dt>
        <dd>{objectiveText(spec)} (rolling)</dd>
        <dt>Clusters</dt>
        <dd>
          <ScopeText scope={spec.scope} clusterNames={clusterNames} />
        </dd>
        {sli.type === 'ratio' ? (
          <>
            <dt>{sli.errors !== undefined ? 'Failed events' : 'Good events'}</dt>
            <dd>
              <code className="slo-query">{sli.errors ?? sli.good}</code>
            </dd>
            <dt>All events</dt>
            <dd>
              <code className="slo-query">{sli.total}</code>
            </dd>
          </>
        ) : (
          <>
            <dt>Histogram</dt>
            <dd>
              <code className="slo-query">
                {sli.metric}
                {sli.selector ? `{${sli.selector}}` : ''}
              </code>
            </dd>
            <dt>Good when</dt>
            <dd>at most {sli.thresholdSeconds}s</dd>
          </>
        )}
        <dt>Alerts</dt>
        <dd>
          {[spec.alerting.page && 'page on fast burns', spec.alerting.ticket && 'tickets on slow burns'].filter(Boolean).join(', ') || 'none (tracked only)'}
          {spec.alerting.runbookUrl && (
            <>
              {' '}
              · runbook <a href={spec.alerting.runbookUrl}>{spec.alerting.runbookUrl}</a>
            </>
          )}
        </dd>
        {labels.length > 0 && (
          <>
            <dt>Labels</dt>
            <dd className="labels">
              {labels.map(([k, v]) => (
                <code key={k}>{`${k}=${v}`}</code>
              ))}
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}

export default async function SloPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ cluster?: string }> }) {
  const { id } = await params;
  const { app, principal } = await requireSignedIn(`/slos/${id}`);
  const slo = await getSlo(app, id).catch((error) => {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  });
  const clusters = await clusterChoices(app);
  const clusterNames = new Map(clusters.map((c) => [c.id, c.label]));
  const { cluster: wanted } = await searchParams;
  // The chosen cluster, else the one with the least budget left.
  const worst = [...slo.statuses].sort((a, b) => (a.numbers?.budgetRemaining ?? Infinity) - (b.numbers?.budgetRemaining ?? Infinity))[0];
  const status = slo.statuses.find((s) => s.clusterId === wanted) ?? worst;
  const canWrite = allows(principal.role, 'write');
  const now = Date.now();

  return (
    <>
      <p className="breadcrumb">
        <a href="/slos">SLOs</a> /
      </p>
      <div className="page-head slo-head">
        <div className="slo-title">
          <h1>{slo.name}</h1>
          <p className="subtitle">
            <strong>{slo.spec.objective}%</strong> of events good over a rolling <strong>{slo.spec.window}</strong> · SLI: {sliTypeText(slo.spec.sli)} ·{' '}
            <ScopeText scope={slo.spec.scope} clusterNames={clusterNames} />
          </p>
          {slo.spec.description && <p className="slo-description">{slo.spec.description}</p>}
        </div>
        <SloActions id={slo.id} name={slo.name} canWrite={canWrite} />
      </div>

      <p className="slo-links">
        {slo.ruleGroupId ? (
          <a href={`/rules#group-${slo.ruleGroupId}`}>Generated rule group slo:{slo.name}</a>
        ) : (
          <span className="hint">No alert rules (page and ticket alerts are off)</span>
        )}
        <a href={sloAlertsHref(slo.name)}>Alerts of this SLO</a>
      </p>

      {slo.statuses.length > 1 && (
        <nav className="tabs slo-cluster-tabs" aria-label="Cluster">
          <ul>
            {slo.statuses.map((s) => (
              <li key={s.clusterId}>
                <a href={`/slos/${slo.id}?cluster=${s.clusterId}`} aria-current={s.clusterId === status?.clusterId ? 'page' : undefined}>
                  {s.clusterName}
                  <span className="count">{s.numbers ? `${percent(s.numbers.budgetRemaining)} ${BUDGET_WORDS[budgetState(s.numbers.budgetRemaining)]}` : s.error ? 'failed' : 'not computed'}</span>
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}

      {!status ? (
        <section className="empty slo-not-computed" aria-labelledby="not-computed">
          <h2 id="not-computed">Not computed yet</h2>
          <p>
            The worker computes every SLO on each cluster in its scope once a minute (the first run queries the whole {slo.spec.window} period, later ones only the last hour).
            Reload this page in a minute.
          </p>
        </section>
      ) : (
        <>
          <h2 className="slo-cluster-title">
            On {status.clusterName} <BreachingPills rows={status.numbers?.burnRates ?? []} />
          </h2>
          {status.numbers ? (
            <StatusNumbers slo={slo} status={status} numbers={status.numbers} now={now} />
          ) : (
            <div className="error-box" role="status">
              <strong>Could not compute this SLO on {status.clusterName}</strong> ({agoText(status.computedAt, now)}): {status.error}
            </div>
          )}
        </>
      )}

      <Definition slo={slo} clusterNames={clusterNames} />
    </>
  );
}
