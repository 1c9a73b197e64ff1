import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { requireSignedIn } from '@/app/_lib/session';
import { allows } from '@/lib/auth/roles';
import { alertHistoryQuerySchema, alertListQuerySchema, listActiveAlerts, listAlertHistory } from '@/lib/rules/alert-queries';
import { SeverityBadge } from '../../components/severity-badge';
import { agoText, durationText, valueText } from '../../components/format';
import { LocalTime } from '../../components/time-text';
import { silenceHref } from '../../notifications/label-pairs';

export const metadata: Metadata = { title: 'Alert history' };
export const dynamic = 'force-dynamic';

const KIND_TEXT: Record<string, { text: string; state: string }> = {
  pending: { text: 'Became pending', state: 'pending' },
  firing: { text: 'Started firing', state: 'firing' },
  resolved: { text: 'Resolved', state: 'resolved' },
  pending_cleared: { text: 'Cleared while pending (never fired)', state: 'resolved' },
  keep_firing: { text: 'Condition cleared; kept firing (keep firing for)', state: 'firing' },
  keep_firing_cleared: { text: 'Condition true again while kept firing', state: 'firing' },
  acknowledged: { text: 'Acknowledged', state: 'acknowledged' },
};

function LabelList({ map, empty }: { map: Record<string, string>; empty: string }) {
  const entries = Object.entries(map);
  if (entries.length === 0) return <p className="hint">{empty}</p>;
  return (
    <dl className="summary">
      {entries.map(([k, v]) => (
        <div key={k} className="contents">
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export default async function AlertHistoryPage({ params, searchParams }: { params: Promise<{ fingerprint: string }>; searchParams: Promise<{ cursor?: string }> }) {
  const { fingerprint } = await params;
  const { cursor } = await searchParams;
  const { app, principal } = await requireSignedIn(`/alerts/${fingerprint}`);
  const query = alertHistoryQuerySchema.safeParse({ fingerprint, limit: 100, ...(cursor ? { cursor } : {}) });
  if (!query.success) notFound();
  const [history, active] = await Promise.all([listAlertHistory(app, query.data), listActiveAlerts(app, alertListQuerySchema.parse({}))]);
  const current = active.alerts.find((a) => a.fingerprint === fingerprint);
  const latest = history.transitions[0];
  if (!current && !latest) notFound();
  const labels = current?.labels ?? latest!.labels;
  const annotations = current?.annotations ?? latest!.annotations;
  const cluster = current?.cluster ?? latest!.cluster;
  const now = Date.now();

  return (
    <>
      <p className="breadcrumb">
        <a href="/alerts">Alerts</a> /
      </p>
      <div className="page-head">
        <div>
          <h1>
            {labels.alertname ?? current?.rule.alert} <SeverityBadge severity={labels.severity} />
          </h1>
          <p className="subtitle">
            {annotations.summary ?? 'Alert instance'} · cluster {cluster.name ? <a href={`/clusters/${cluster.id}`}>{cluster.name}</a> : 'deleted'}
          </p>
        </div>
        {allows(principal.role, 'write') && (
          <div className="actions">
            <a className="button secondary" href={silenceHref(labels)}>
              Silence
            </a>
          </div>
        )}
      </div>
      <section className="card">
        <h2>Now</h2>
        {current ? (
          <p>
            <span className={`state-tag state-${current.state}`}>{current.state}</span> since <LocalTime iso={current.firedAt ?? current.activeAt} /> ({agoText(current.firedAt ?? current.activeAt, now)}) · value{' '}
            <strong>{valueText(current.value)}</strong> · rule group <a href={`/rules#group-${current.rule.groupId}`}>{current.rule.groupName}</a>
          </p>
        ) : (
          <p>
            <span className="state-tag state-resolved">not active</span> <span className="hint">Labels and annotations below are from the last recorded transition.</span>
          </p>
        )}
        {current?.acknowledgement && (
          <p className="alert-ack">
            <span className="state-tag state-acknowledged">acknowledged</span> by {current.acknowledgement.by} <LocalTime iso={current.acknowledgement.at} />
            {current.acknowledgement.comment && <> · “{current.acknowledgement.comment}”</>}
          </p>
        )}
        {current?.state === 'firing' && !current.acknowledgement && allows(principal.role, 'write') && (
          <p className="hint">
            Acknowledge it on the <a href={`/alerts?alertname=${encodeURIComponent(current.rule.alert)}`}>alerts page</a> to stop repeat notifications.
          </p>
        )}
      </section>
      <div className="history-columns">
        <section className="card" aria-labelledby="timeline-title">
          <h2 id="timeline-title">Timeline</h2>
          {history.transitions.length === 0 ? (
            <p className="hint">No transitions recorded yet.</p>
          ) : (
            <ol className="timeline">
              {history.transitions.map((t) => {
                const kind = KIND_TEXT[t.kind] ?? { text: t.kind, state: 'resolved' };
                return (
                  <li key={t.id} className={`timeline-item timeline-${kind.state}`}>
                    <span className="timeline-dot" aria-hidden="true" />
                    <div>
                      <strong>{kind.text}</strong> <span className="hint">({agoText(t.at, now)})</span>
                      <div className="hint">
                        <LocalTime iso={t.at} /> · value {valueText(t.value)}
                        {t.kind === 'firing' && t.activeAt !== t.at && <> · after {durationText(Date.parse(t.at) - Date.parse(t.activeAt))} pending</>}
                        {t.kind === 'resolved' && <> · active for {durationText(Date.parse(t.at) - Date.parse(t.activeAt))}</>}
                        {t.kind === 'acknowledged' && t.annotations.acknowledged_by && <> · by {t.annotations.acknowledged_by}</>}
                        {t.kind === 'acknowledged' && t.annotations.acknowledgement_comment && <> · “{t.annotations.acknowledgement_comment}”</>}
                      </div>
                    </div>
                  </li>
                );
              })}
            </ol>
          )}
          {history.nextCursor && (
            <p>
              <a href={`/alerts/${fingerprint}?cursor=${history.nextCursor}`}>Older transitions</a>
            </p>
          )}
        </section>
        <section className="card" aria-labelledby="labels-title">
          <h2 id="labels-title">Labels</h2>
          <LabelList map={labels} empty="No labels." />
          <h2>Annotations</h2>
          <LabelList map={annotations} empty="No annotations." />
          <p className="hint">
            Fingerprint <code>{fingerprint}</code>
          </p>
        </section>
      </div>
    </>
  );
}
