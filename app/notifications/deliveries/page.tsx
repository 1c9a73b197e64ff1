import type { Metadata } from 'next';
import { requireSignedIn } from '@/app/_lib/session';
import { listChannels } from '@/lib/notify/channel-actions';
import { deliveryListQuerySchema, listDeliveries } from '@/lib/notify/delivery-log';
import { agoText, durationText } from '../../components/format';
import { LocalTime } from '../../components/time-text';

export const metadata: Metadata = { title: 'Delivery log' };
export const dynamic = 'force-dynamic';

const STATUS_TEXT: Record<string, string> = { pending: 'pending', sent: 'sent', dead: 'dead' };
const STATUS_HELP = 'pending: waiting for its next attempt · sent: the receiver accepted it · dead: given up (a failure retrying cannot fix, or too many attempts)';

export default async function DeliveriesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { app } = await requireSignedIn('/notifications/deliveries');
  const params = await searchParams;
  const one = (key: string) => (typeof params[key] === 'string' && params[key] ? (params[key] as string) : undefined);
  const query = deliveryListQuerySchema.safeParse({ channel: one('channel'), status: one('status'), limit: one('limit') ?? '100' });
  const problem = query.success ? undefined : query.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  const [log, channels] = await Promise.all([query.success ? listDeliveries(app, query.data) : Promise.resolve({ deliveries: [] }), listChannels(app)]);
  const channelNames = [...new Set([...channels.map((c) => c.name), ...(one('channel') ? [one('channel')!] : [])])].sort();
  const filtered = Boolean(one('channel') || one('status'));
  const now = Date.now();

  return (
    <>
      <h1>Delivery log</h1>
      <p className="subtitle">Every notification sent to a channel, newest first, with every attempt: when, the receiver’s answer, how long it took.</p>
      <form className="filter delivery-filters" method="get" action="/notifications/deliveries" aria-label="Filter the delivery log">
        <div className="field">
          <label htmlFor="delivery-channel">Channel</label>
          <select id="delivery-channel" name="channel" defaultValue={one('channel') ?? ''}>
            <option value="">all channels</option>
            {channelNames.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="delivery-status">Status</label>
          <select id="delivery-status" name="status" defaultValue={one('status') ?? ''} aria-describedby="delivery-status-hint">
            <option value="">any status</option>
            {Object.keys(STATUS_TEXT).map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="filter-buttons">
          <button type="submit" className="button secondary">
            Filter
          </button>
          {filtered && <a href="/notifications/deliveries">Clear</a>}
        </div>
      </form>
      <p className="hint" id="delivery-status-hint">
        {STATUS_HELP}
      </p>
      {problem && (
        <p className="error" role="alert">
          The filter is not valid: {problem}. <a href="/notifications/deliveries">Show everything</a>
        </p>
      )}
      {!problem && log.deliveries.length === 0 ? (
        filtered ? (
          <section className="empty" aria-labelledby="no-deliveries">
            <h2 id="no-deliveries">No delivery matches this filter</h2>
            <p>
              <a href="/notifications/deliveries">Show the whole log</a>
            </p>
          </section>
        ) : (
          <section className="empty" aria-labelledby="no-deliveries">
            <h2 id="no-deliveries">Nothing delivered yet</h2>
            <p>Notifications appear here once an alert fires and the policy routes it to a channel. Tests sent with “Send test” are not logged.</p>
            <p>
              <a href="/notifications">Check the channels</a> · <a href="/notifications/policy">check the policy</a>
            </p>
          </section>
        )
      ) : (
        <ol className="delivery-list" aria-label="Deliveries, newest first">
          {log.deliveries.map((d) => {
            // alertname first, then by name (the stored JSON does not keep the order).
            const labels = Object.entries(d.notification.groupLabels).sort(([a], [b]) => (a === 'alertname' ? -1 : b === 'alertname' ? 1 : a.localeCompare(b)));
            return (
              <li key={d.id}>
                <details className="delivery" data-delivery={d.id}>
                  <summary>
                    <span className="delivery-line">
                      <span className={`state-tag delivery-${d.status}`}>{STATUS_TEXT[d.status] ?? d.status}</span>
                      <strong className="delivery-channel">{d.channel}</strong>
                      {d.notification.status && <span className={`state-tag state-${d.notification.status}`}>{d.notification.status}</span>}
                      <span className="labels inline-flex align-middle">
                        {labels.length ? labels.map(([k, v]) => <code key={k}>{`${k}=${v}`}</code>) : <span className="hint">no group labels</span>}
                      </span>
                      <span className="hint">
                        {d.notification.alerts} alert{d.notification.alerts === 1 ? '' : 's'}
                      </span>
                    </span>
                    <span className="delivery-meta hint">
                      <LocalTime iso={d.createdAt} /> ({agoText(d.createdAt, now)}) · {d.attempts.length} attempt{d.attempts.length === 1 ? '' : 's'}
                      {d.sentAt && <> · sent {agoText(d.sentAt, now)}</>}
                      {d.nextAttemptAt && (
                        <>
                          {' '}
                          · next attempt {Date.parse(d.nextAttemptAt) > now ? `in ${durationText(Date.parse(d.nextAttemptAt) - now)}` : 'due now'}
                        </>
                      )}
                    </span>
                    {d.lastError && d.status !== 'sent' && <span className="delivery-error">last error: {d.lastError}</span>}
                  </summary>
                  {d.attempts.length === 0 ? (
                    <p className="hint">No attempt yet.</p>
                  ) : (
                    <div className="table-scroll" tabIndex={0} role="region" aria-label="Delivery attempts">
                      <table className="attempts">
                        <caption className="visually-hidden">Attempts to deliver to {d.channel}</caption>
                        <thead>
                          <tr>
                            <th scope="col">#</th>
                            <th scope="col">Time</th>
                            <th scope="col">Result</th>
                            <th scope="col">HTTP status</th>
                            <th scope="col">Latency</th>
                            <th scope="col">Error</th>
                          </tr>
                        </thead>
                        <tbody>
                          {d.attempts.map((a, i) => (
                            <tr key={i}>
                              <td>{i + 1}</td>
                              <td className="nowrap">
                                <LocalTime iso={a.at} />
                              </td>
                              <td>
                                <span className={`state-tag ${a.ok ? 'delivery-sent' : 'delivery-dead'}`}>{a.ok ? 'ok' : 'failed'}</span>
                              </td>
                              <td>{a.status ?? '—'}</td>
                              <td className="nowrap">{a.latencyMs} ms</td>
                              <td className="attempt-error">{a.error ?? '—'}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </div>
                  )}
                </details>
              </li>
            );
          })}
        </ol>
      )}
    </>
  );
}
