'use client';

// A new silence: matchers (one per line, Prometheus syntax), a start (empty: now), a duration or
// an end, and a comment; the author is the signed-in user. While typing, the form says which
// active alerts the matchers select right now.
import { useEffect, useState } from 'react';
import { parseDuration } from '@/lib/time/duration';
import { callApi, problemsAt, useApiProblems } from '../../components/api-client';
import { IssueList } from '../../components/issue-list';

interface Props {
  initialMatchers: string[];
  open: boolean;
  author: string;
}

interface ActiveAlerts {
  alerts: { id: string; labels: Record<string, string>; state: string }[];
}

/** "2026-11-22T14:05" (datetime-local, the reader's zone) -> Date. */
const fromLocalInput = (value: string) => (value ? new Date(value) : undefined);

export function SilenceForm({ initialMatchers, open: initiallyOpen, author }: Props) {
  const [open, setOpen] = useState(initiallyOpen);
  const [matchers, setMatchers] = useState(initialMatchers.join('\n'));
  const [startsAt, setStartsAt] = useState('');
  const [duration, setDuration] = useState('2h');
  const [endsAt, setEndsAt] = useState('');
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [affected, setAffected] = useState<{ count: number; names: string[] } | { problem: string }>();
  // Times in the reader's zone are only written in the browser (the server does not know it).
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const problems = useApiProblems();

  const lines = matchers.split('\n').map((l) => l.trim()).filter(Boolean);

  // Which active alerts these matchers select now (debounced).
  useEffect(() => {
    if (!open || lines.length === 0) {
      setAffected(undefined);
      return;
    }
    const timer = setTimeout(async () => {
      const result = await callApi<ActiveAlerts>('GET', `/api/v1/alerts?${new URLSearchParams({ filter: lines.join(',') })}`);
      if (result.ok) {
        const names = [...new Set(result.data.alerts.map((a) => a.labels.alertname ?? '?'))];
        setAffected({ count: result.data.alerts.length, names });
      } else setAffected({ problem: result.issues.map((i) => i.message).join('; ') || result.message });
    }, 400);
    return () => clearTimeout(timer);
    // lines is derived from matchers
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [matchers, open]);

  /** The end as the form describes it: the end time if given, else start + duration. */
  function plannedWindow(): { start?: Date; end?: Date; problem?: { path: string; message: string } } {
    const start = fromLocalInput(startsAt);
    if (endsAt) return { start, end: fromLocalInput(endsAt) };
    try {
      const ms = parseDuration(duration.trim());
      if (ms <= 0) return { start, problem: { path: 'duration', message: 'the duration must be longer than 0' } };
      return { start, end: new Date((start?.getTime() ?? Date.now()) + ms) };
    } catch (error) {
      return { start, problem: { path: 'duration', message: (error as Error).message } };
    }
  }
  const planned = plannedWindow();

  async function create(event: React.FormEvent) {
    event.preventDefault();
    const { start, end, problem } = plannedWindow();
    if (problem || !end) {
      problems.show('The silence was not created: fix the fields marked below.', [problem ?? { path: 'endsAt', message: 'give a duration or an end time' }]);
      return;
    }
    setBusy(true);
    const result = await callApi<{ id: string; state: string }>('POST', '/api/v1/silences', {
      matchers: lines,
      ...(start ? { startsAt: start.toISOString() } : {}),
      endsAt: end.toISOString(),
      comment,
    });
    setBusy(false);
    if (result.ok) {
      window.location.assign(`/notifications/silences?state=${result.data.state}#silence-${result.data.id}`);
      return;
    }
    if (result.issues.length) problems.show('The silence was not created: fix the fields marked below.', result.issues);
    else problems.show(`The silence was not created: ${result.message}`);
  }

  if (!open) {
    return (
      <div className="actions new-silence">
        <button type="button" className="button" onClick={() => setOpen(true)}>
          New silence
        </button>
      </div>
    );
  }

  // Issues at matchers.2 are about the third matcher, on its line of the textarea.
  const lineOfMatcher = matchers.split('\n').flatMap((text, i) => (text.trim() ? [i + 1] : []));
  const matcherProblems = problems.issues
    .filter((i) => i.path === 'matchers' || i.path.startsWith('matchers.'))
    .map((i) => {
      const index = /^matchers\.(\d+)$/.exec(i.path)?.[1];
      return index !== undefined ? `line ${lineOfMatcher[Number(index)] ?? Number(index) + 1}: ${i.message}` : i.message;
    });
  const endProblems = [...problemsAt(problems.issues, 'endsAt'), ...problemsAt(problems.issues, 'duration')];
  const startProblems = problemsAt(problems.issues, 'startsAt');
  const commentProblems = problemsAt(problems.issues, 'comment');

  return (
    <form className="card form silence-form" id="new-silence" onSubmit={create} noValidate aria-labelledby="new-silence-title">
      <h2 id="new-silence-title">New silence</h2>
      {problems.message && (
        <div className="error-box" role="alert">
          <strong>{problems.message}</strong>
          <IssueList issues={problems.issues} />
        </div>
      )}
      <div className="field">
        <label htmlFor="silence-matchers">Matchers</label>
        <textarea
          id="silence-matchers"
          rows={Math.min(8, Math.max(3, lines.length + 1))}
          value={matchers}
          onChange={(e) => setMatchers(e.target.value)}
          placeholder={'alertname="HighCPU"\ncluster="prod-eu"'}
          spellCheck={false}
          aria-invalid={matcherProblems.length > 0}
          aria-describedby="silence-matchers-hint silence-affected"
        />
        <span className="hint" id="silence-matchers-hint">
          One per line: <code>name="value"</code>, <code>name=~"regex"</code>, <code>name!="value"</code>, <code>name!~"regex"</code>. An alert is silenced when every matcher matches.
        </span>
        {matcherProblems.length > 0 && <p className="error">{matcherProblems.join('; ')}</p>}
        <p className="hint silence-affected" id="silence-affected" aria-live="polite">
          {affected === undefined
            ? ''
            : 'problem' in affected
              ? `Cannot check the matchers against active alerts: ${affected.problem}`
              : affected.count === 0
                ? 'Matches no alert that is active right now (it will still silence future ones).'
                : `Matches ${affected.count} active alert${affected.count > 1 ? 's' : ''} now: ${affected.names.join(', ')}.`}
        </p>
      </div>
      <div className="silence-times">
        <div className="field">
          <label htmlFor="silence-starts">Starts</label>
          <input id="silence-starts" type="datetime-local" value={startsAt} onChange={(e) => setStartsAt(e.target.value)} aria-describedby="silence-starts-hint" aria-invalid={startProblems.length > 0} />
          <span className="hint" id="silence-starts-hint">
            Empty: now. Your local time.
          </span>
          {startProblems.length > 0 && <p className="error">{startProblems.join('; ')}</p>}
        </div>
        <div className="field">
          <label htmlFor="silence-duration">Duration</label>
          <input id="silence-duration" value={duration} onChange={(e) => setDuration(e.target.value)} disabled={endsAt !== ''} placeholder="2h" aria-describedby="silence-duration-hint" aria-invalid={endProblems.length > 0 && !endsAt} />
          <span className="hint" id="silence-duration-hint">
            e.g. 30m, 2h, 1d, 1w
          </span>
        </div>
        <div className="field">
          <label htmlFor="silence-ends">or ends at</label>
          <input id="silence-ends" type="datetime-local" value={endsAt} onChange={(e) => setEndsAt(e.target.value)} aria-describedby="silence-ends-hint" aria-invalid={endProblems.length > 0 && endsAt !== ''} />
          <span className="hint" id="silence-ends-hint">
            Overrides the duration.
          </span>
        </div>
      </div>
      {endProblems.length > 0 && <p className="error">{endProblems.join('; ')}</p>}
      <p className="hint" aria-live="polite">
        {mounted && planned.end && !Number.isNaN(planned.end.getTime())
          ? `From ${planned.start ? planned.start.toLocaleString() : 'now'} until ${planned.end.toLocaleString()}.`
          : ''}
      </p>
      <div className="field">
        <label htmlFor="silence-comment">Comment</label>
        <textarea id="silence-comment" rows={2} value={comment} onChange={(e) => setComment(e.target.value)} placeholder="Why: maintenance window, known issue, ticket…" aria-invalid={commentProblems.length > 0} />
        {commentProblems.length > 0 && <p className="error">{commentProblems.join('; ')}</p>}
      </div>
      <p className="hint">Created by {author}.</p>
      <div className="actions form-actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Creating…' : 'Create silence'}
        </button>
        <a className="button secondary" href="/notifications/silences">
          Cancel
        </a>
      </div>
    </form>
  );
}
