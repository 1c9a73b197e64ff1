import type { Metadata } from 'next';
import { requireSignedIn } from '@/app/_lib/session';
import { isActive, namedTimeIntervalSchema, nextChange } from '@/lib/notify/routing';
import { getNotificationConfig } from '@/lib/notify/policy-actions';
import { durationText } from '../../components/format';
import { LocalTime } from '../../components/time-text';
import { intervalUsage, routeTreeView } from '../policy/route-view';
import { intervalFields } from './interval-text';

export const metadata: Metadata = { title: 'Mute timings' };
export const dynamic = 'force-dynamic';

export default async function MuteTimingsPage() {
  const { app } = await requireSignedIn('/notifications/mute-timings');
  const config = await getNotificationConfig(app);
  const view = config.policy ? routeTreeView(config.policy) : null;
  const usage = view && 'tree' in view ? intervalUsage(view.tree) : new Map();
  const now = new Date();
  const intervals = config.timeIntervals.map((raw, index) => {
    const parsed = namedTimeIntervalSchema.safeParse(raw);
    const name = (raw as { name?: string }).name ?? `#${index + 1}`;
    if (!parsed.success) return { name, problem: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') } as const;
    const active = isActive(parsed.data.timeIntervals, now);
    return { name, windows: parsed.data.timeIntervals, active, change: nextChange(parsed.data.timeIntervals, now)?.toISOString() ?? null } as const;
  });

  return (
    <>
      <h1>Mute timings</h1>
      <p className="subtitle">
        Named time intervals. A route with <code>muteTimeIntervals</code> sends nothing while one holds (a held-back notification goes out when it ends); with <code>activeTimeIntervals</code> it sends only while one holds.
      </p>
      <p className="hint">
        Mute timings are part of the notification configuration: edit them under <code>timeIntervals</code> in the <a href="/notifications/policy">policy YAML</a>, and name them in a route.
      </p>
      {intervals.length === 0 ? (
        <section className="empty" aria-labelledby="no-intervals">
          <h2 id="no-intervals">No mute timings yet</h2>
          <p>Hold back warnings at night or on weekends: add a time interval under timeIntervals, then name it in a route’s muteTimeIntervals.</p>
          <p>
            <a className="button" href="/notifications/policy">
              Open the policy editor
            </a>
          </p>
          <pre className="example-yaml">{`timeIntervals:
  - name: weekends
    timeIntervals:
      - weekdays: ['saturday', 'sunday']
        location: Europe/Berlin`}</pre>
        </section>
      ) : (
        <div className="interval-list">
          {intervals.map((interval) => {
            const uses = usage.get(interval.name) ?? [];
            return (
              <section key={interval.name} id={`interval-${encodeURIComponent(interval.name)}`} className="card interval-card" aria-labelledby={`interval-${interval.name}-title`}>
                <header className="interval-head">
                  <h2 id={`interval-${interval.name}-title`}>{interval.name}</h2>
                  {'problem' in interval ? (
                    <span className="state-tag interval-invalid">invalid</span>
                  ) : (
                    <span className={`state-tag ${interval.active ? 'interval-active' : 'interval-inactive'}`} data-testid="interval-state">
                      {interval.active ? 'in effect now' : 'not in effect now'}
                    </span>
                  )}
                </header>
                {'problem' in interval ? (
                  <p className="error">This interval cannot be read: {interval.problem}</p>
                ) : (
                  <>
                    <p className="hint">
                      {interval.change ? (
                        <>
                          {interval.active ? 'Ends' : 'Next starts'} <LocalTime iso={interval.change} /> (in {durationText(Date.parse(interval.change) - now.getTime())}).
                        </>
                      ) : interval.active ? (
                        'Always in effect.'
                      ) : (
                        'Never in effect again.'
                      )}
                    </p>
                    {interval.windows.length === 0 ? (
                      <p className="hint">No time ranges: never in effect.</p>
                    ) : (
                      interval.windows.map((window, i) => (
                        <div key={i} className="interval-window">
                          {interval.windows.length > 1 && <h3>{i === 0 ? 'When' : 'or when'}</h3>}
                          <dl className="summary">
                            {intervalFields(window).map((f) => (
                              <div key={f.label} className="contents">
                                <dt>{f.label}</dt>
                                <dd>{f.value}</dd>
                              </div>
                            ))}
                          </dl>
                        </div>
                      ))
                    )}
                  </>
                )}
                <h3>Used by</h3>
                {uses.length === 0 ? (
                  <p className="hint">No route uses it yet: add <code>muteTimeIntervals: [{interval.name}]</code> to a route in the policy.</p>
                ) : (
                  <ul className="interval-uses">
                    {uses.map((u: { routeId: string; matchers: string[]; how: 'mute' | 'active' }) => (
                      <li key={`${u.routeId}-${u.how}`}>
                        route <code>{u.routeId}</code> {u.matchers.length > 0 && <span className="labels inline-flex align-middle">{u.matchers.map((m) => <code key={m}>{m}</code>)}</span>}{' '}
                        <span className="tag">{u.how === 'mute' ? 'muted during it' : 'sends only during it'}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            );
          })}
        </div>
      )}
    </>
  );
}
