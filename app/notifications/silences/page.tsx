import type { Metadata } from 'next';
import { requireSignedIn } from '@/app/_lib/session';
import { allows } from '@/lib/auth/roles';
import { listSilences, type SilenceView } from '@/lib/notify/silence-actions';
import { agoText, durationText } from '../../components/format';
import { LocalTime } from '../../components/time-text';
import { ExpireButton } from './expire-button';
import { SilenceForm } from './silence-form';

export const metadata: Metadata = { title: 'Silences' };
export const dynamic = 'force-dynamic';

const STATES = ['active', 'pending', 'expired'] as const;
type State = (typeof STATES)[number];
const EMPTY: Record<State, string> = {
  active: 'No silence is active: every alert is notified as the policy says.',
  pending: 'No silence is scheduled to start later.',
  expired: 'No silence has ended yet.',
};

function when(silence: SilenceView, now: number) {
  if (silence.state === 'pending') return <>starts in {durationText(Date.parse(silence.startsAt) - now)}, lasts {durationText(Date.parse(silence.endsAt) - Date.parse(silence.startsAt))}</>;
  if (silence.state === 'active') return <>ends in {durationText(Date.parse(silence.endsAt) - now)}</>;
  return <>ended {agoText(silence.endsAt, now)}</>;
}

export default async function SilencesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { app, principal } = await requireSignedIn('/notifications/silences');
  const params = await searchParams;
  const state: State = STATES.find((s) => s === params.state) ?? 'active';
  const all = await listSilences(app, {});
  const shown = all.filter((s) => s.state === state);
  const counts = Object.fromEntries(STATES.map((s) => [s, all.filter((x) => x.state === s).length])) as Record<State, number>;
  const canWrite = allows(principal.role, 'write');
  const prefilled = ([] as string[]).concat(params.matcher ?? []).filter((m) => m.trim());
  const now = Date.now();

  return (
    <>
      <h1>Silences</h1>
      <p className="subtitle">Mute notifications for alerts that match, for a while: a maintenance window, a known problem. Alerts still fire and show on the alerts page.</p>
      {canWrite ? (
        <SilenceForm initialMatchers={prefilled} open={params.new === '1'} author={principal.email} />
      ) : (
        <p className="hint">Creating and expiring silences needs the editor role.</p>
      )}
      <nav className="tabs" aria-label="Silences by state">
        <ul>
          {STATES.map((s) => (
            <li key={s}>
              <a href={`/notifications/silences?state=${s}`} aria-current={s === state ? 'page' : undefined}>
                {s[0]!.toUpperCase() + s.slice(1)} <span className="count">{counts[s]}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {shown.length === 0 ? (
        <section className="empty" aria-labelledby="no-silences">
          <h2 id="no-silences">No {state} silences</h2>
          <p>{EMPTY[state]}</p>
          <p>{canWrite ? <>Create one above, or with “Silence” on an alert of the <a href="/alerts">alerts page</a>.</> : <>Editors create silences from the <a href="/alerts">alerts page</a>.</>}</p>
        </section>
      ) : (
        <ul className="silence-list">
          {shown.map((silence) => (
            <li key={silence.id} id={`silence-${silence.id}`} className="card silence-card" data-state={silence.state}>
              <div className="silence-head">
                <span className={`state-tag silence-${silence.state}`}>{silence.state}</span>
                <span className="labels silence-matchers">
                  {silence.matchers.map((m) => (
                    <code key={m}>{m}</code>
                  ))}
                </span>
                {canWrite && silence.state !== 'expired' && (
                  <span className="push-right">
                    <ExpireButton id={silence.id} label={silence.matchers.join(', ')} />
                  </span>
                )}
              </div>
              <p className="silence-comment">“{silence.comment}”</p>
              <p className="hint">
                by {silence.createdBy} · <LocalTime iso={silence.startsAt} /> to <LocalTime iso={silence.endsAt} /> · {when(silence, now)}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
