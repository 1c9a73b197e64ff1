'use client';

// Active alerts grouped by alert name, refreshed in place every 10 s with the page's filters.
import { useMemo, useState } from 'react';
import type { listActiveAlerts } from '@/lib/rules/alert-queries';
import { callApi } from '../components/api-client';
import { usePolling } from '../components/use-polling';
import { SeverityBadge } from '../components/severity-badge';
import { agoText, valueText } from '../components/format';
import { LocalTime } from '../components/time-text';
import { silenceHref } from '../notifications/label-pairs';
import { AcknowledgeButton } from './acknowledge-button';

type ActiveAlerts = Awaited<ReturnType<typeof listActiveAlerts>>;
type Alert = ActiveAlerts['alerts'][number];

const REFRESH_MS = 10_000;
/** Labels every instance of a group shares or the header already shows. */
const HIDDEN_LABELS = new Set(['alertname', 'severity', 'cluster']);

/** What an instance row may do: acknowledge and silence (editors), then refresh the board. */
type Actions = { canAcknowledge: boolean; onChanged: () => void };

function AlertInstance({ alert, now, actions }: { alert: Alert; now: number; actions: Actions }) {
  const summary = alert.annotations.summary;
  const since = alert.state === 'firing' && alert.firedAt ? alert.firedAt : alert.activeAt;
  return (
    <li className={`alert-instance alert-${alert.state}`}>
      <div className="alert-instance-head">
        <span className={`state-tag state-${alert.state}`}>{alert.state}</span>
        <a href={`/alerts/${alert.fingerprint}`} className="alert-link">
          {summary || Object.entries(alert.labels).filter(([k]) => !HIDDEN_LABELS.has(k)).map(([k, v]) => `${k}=${v}`).join(', ') || alert.labels.alertname}
          <span className="visually-hidden"> on {alert.cluster.name}: history</span>
        </a>
        <span className="hint">
          on <a href={`/clusters/${alert.cluster.id}`}>{alert.cluster.name}</a>
        </span>
      </div>
      {alert.annotations.description && <p className="alert-description">{alert.annotations.description}</p>}
      <div className="labels">
        {Object.entries(alert.labels)
          .filter(([k]) => !HIDDEN_LABELS.has(k))
          .map(([k, v]) => (
            <code key={k}>{`${k}=${v}`}</code>
          ))}
      </div>
      <p className="alert-meta hint">
        {alert.state} for <strong>{agoText(since, now).replace(/ ago$/, '')}</strong> (since <LocalTime iso={since} />)
        {alert.state === 'firing' && alert.activeAt !== since && (
          <>
            {' '}
            · active since <LocalTime iso={alert.activeAt} />
          </>
        )}
        {alert.keepFiringSince && <> · condition cleared {agoText(alert.keepFiringSince, now)}, kept firing</>}
        {' '}· value <strong>{valueText(alert.value)}</strong>
      </p>
      {alert.acknowledgement && (
        <p className="alert-ack">
          <span className="state-tag state-acknowledged">acknowledged</span> by {alert.acknowledgement.by} <LocalTime iso={alert.acknowledgement.at} />
          {alert.acknowledgement.comment && <> · “{alert.acknowledgement.comment}”</>}
        </p>
      )}
      {actions.canAcknowledge && (
        <div className="actions alert-actions">
          {!alert.acknowledgement && alert.state === 'firing' && <AcknowledgeButton alertId={alert.id} alertName={alert.rule.alert} onDone={actions.onChanged} />}
          <a className="button secondary small" href={silenceHref(alert.labels)}>
            Silence<span className="visually-hidden"> {alert.labels.alertname} on {alert.cluster.name}</span>
          </a>
        </div>
      )}
    </li>
  );
}

function AlertGroup({ name, alerts, now, actions }: { name: string; alerts: Alert[]; now: number; actions: Actions }) {
  const firing = alerts.filter((a) => a.state === 'firing').length;
  const pending = alerts.length - firing;
  const severities = [...new Set(alerts.map((a) => a.labels.severity))];
  const rules = [...new Map(alerts.map((a) => [a.rule.groupId, a.rule.groupName])).entries()];
  const id = `alertname-${name}`;
  return (
    <section className={`card alert-group ${firing ? 'has-firing' : 'only-pending'}`} aria-labelledby={id}>
      <header className="alert-group-head">
        <h2 id={id}>{name}</h2>
        {severities.map((s) => (
          <SeverityBadge key={s ?? 'none'} severity={s} />
        ))}
        <span className="alert-counts">
          {firing > 0 && <span className="state-tag state-firing">{firing} firing</span>}
          {pending > 0 && <span className="state-tag state-pending">{pending} pending</span>}
        </span>
        <span className="hint push-right">
          rule group{' '}
          {rules.map(([groupId, groupName], i) => (
            <span key={groupId}>
              {i > 0 && ', '}
              <a href={`/rules#group-${groupId}`}>{groupName}</a>
            </span>
          ))}
        </span>
      </header>
      <ul className="alert-instances">
        {alerts.map((a) => (
          <AlertInstance key={a.id} alert={a} now={now} actions={actions} />
        ))}
      </ul>
    </section>
  );
}

export function AlertsBoard({ initial, query, filtered, now: serverNow, canAcknowledge }: { initial: ActiveAlerts; query: string; filtered: boolean; now: number; canAcknowledge: boolean }) {
  const [data, setData] = useState(initial);
  const [now, setNow] = useState(serverNow);
  const [error, setError] = useState<string>();
  // Bumped after an action so the board reloads at once instead of at the next tick.
  const [changes, setChanges] = useState(0);

  // Pauses while the tab is hidden, and catches up when it shows again; reloads at once after an action.
  usePolling(
    async (signal) => {
      const result = await callApi<ActiveAlerts>('GET', `/api/v1/alerts${query ? `?${query}` : ''}`);
      if (signal.stopped) return;
      if (result.ok) {
        setData(result.data);
        setError(undefined);
      } else setError(result.issues.map((i) => i.message).join('; ') || result.message);
      setNow(Date.now());
    },
    REFRESH_MS,
    [query, changes],
    changes > 0,
  );
  const actions: Actions = { canAcknowledge, onChanged: () => setChanges((n) => n + 1) };

  // Groups with firing instances first, then by name; the API already orders instances firing first.
  const groups = useMemo(() => {
    const byName = new Map<string, Alert[]>();
    for (const a of data.alerts) byName.set(a.rule.alert, [...(byName.get(a.rule.alert) ?? []), a]);
    const hasFiring = (list: Alert[]) => list.some((a) => a.state === 'firing');
    return [...byName.entries()].sort(([an, a], [bn, b]) => Number(hasFiring(b)) - Number(hasFiring(a)) || an.localeCompare(bn));
  }, [data]);

  return (
    <>
      <p className="alert-summary" aria-live="polite">
        <span className="state-tag state-firing">{data.counts.firing} firing</span> <span className="state-tag state-pending">{data.counts.pending} pending</span>{' '}
        <span className="hint">updated {new Date(now).toISOString().slice(11, 19)} UTC</span>
      </p>
      {error && (
        <p className="error" role="alert">
          Refresh failed: {error}
        </p>
      )}
      {groups.length === 0 ? (
        filtered ? (
          <section className="empty">
            <h2>No alert matches these filters</h2>
            <p>
              <a href="/alerts">Show all alerts</a>
            </p>
          </section>
        ) : (
          <section className="empty" aria-labelledby="no-alerts">
            <h2 id="no-alerts">No alerts firing</h2>
            <p>Nothing is pending or firing on any cluster right now.</p>
            <p>
              <a href="/rules">Review the alert rules</a>
            </p>
          </section>
        )
      ) : (
        groups.map(([name, alerts]) => <AlertGroup key={name} name={name} alerts={alerts} now={now} actions={actions} />)
      )}
    </>
  );
}
