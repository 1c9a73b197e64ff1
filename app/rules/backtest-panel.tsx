'use client';

// "When would this rule have fired?": runs the unsaved rule through the engine over a past range
// of the chosen cluster (POST /api/v1/rules/backtest) and shows the series with the pending and
// firing times, each instance's intervals and the notifications it would have sent.
import { useMemo, useState } from 'react';
import { callApi, type FieldProblem } from '../components/api-client';
import { BacktestChart, seriesName } from '../components/backtest-chart';
import { durationText } from '../components/format';
import { LocalTime } from '../components/time-text';
import { draftToRuleInput, type RuleDraft } from './rule-draft';

const RANGES = ['1h', '24h', '7d'] as const;

interface BacktestResult {
  alert: string;
  start: string;
  end: string;
  intervalMs: number;
  evaluations: number;
  instances: { fingerprint: string; labels: Record<string, string>; intervals: { state: 'pending' | 'firing'; start: string; end: string | null }[] }[];
  notifications: { status: 'firing' | 'resolved'; at: string; fingerprint: string; labels: Record<string, string>; annotations: Record<string, string> }[];
  errors: { count: number; first?: string };
  series: { labels: Record<string, string>; points: [number, number][] }[];
  seriesTruncated: boolean;
}

/** A backtest issue path ("rules.0.expr", "interval") in the editor's words. */
function problemText(issue: FieldProblem): string {
  const field = issue.path.replace(/^rules\.0\.?/, '') || 'rule';
  const names: Record<string, string> = { expr: 'PromQL', interval: 'Evaluation interval (group)', clusterId: 'Cluster', threshold: 'Threshold' };
  return `${names[field] ?? field}: ${issue.message}`;
}

// alertname is the same on every instance of the rule: not repeated per row.
const labelChips = (labels: Record<string, string>) => (
  <div className="labels">
    {Object.entries(labels)
      .filter(([k]) => k !== 'alertname')
      .map(([k, v]) => (
        <code key={k}>{`${k}=${v}`}</code>
      ))}
  </div>
);

export function BacktestPanel({ rule, index, clusterId, clusterName, interval }: { rule: RuleDraft; index: number; clusterId: string; clusterName?: string; interval: string }) {
  const [range, setRange] = useState<(typeof RANGES)[number]>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<BacktestResult>();
  const [problem, setProblem] = useState<{ status: number; message: string; issues: FieldProblem[] }>();

  async function run(chosen: (typeof RANGES)[number]) {
    setRange(chosen);
    setBusy(true);
    setProblem(undefined);
    const response = await callApi<{ results: BacktestResult[] }>('POST', '/api/v1/rules/backtest', {
      clusterId,
      rules: [draftToRuleInput(rule)],
      range: chosen,
      interval: interval.trim() || '1m',
    });
    setBusy(false);
    if (response.ok) setResult(response.data.results[0]);
    else {
      setResult(undefined);
      setProblem(response);
    }
  }

  const headingId = `backtest-${index}-title`;
  return (
    <section className="backtest" aria-labelledby={headingId}>
      <div className="backtest-head">
        <h3 id={headingId}>Preview{clusterName ? ` on ${clusterName}` : ''}</h3>
        <div className="actions" role="group" aria-label="Preview range">
          {RANGES.map((r) => (
            <button key={r} type="button" className={`button small ${range === r && result ? '' : 'secondary'}`} aria-pressed={range === r && Boolean(result)} disabled={busy || !clusterId} onClick={() => run(r)}>
              last {r}
            </button>
          ))}
        </div>
      </div>
      {!clusterId && <p className="hint">Choose a cluster under “Cluster for autocomplete and preview” to see when this rule would have fired.</p>}
      {busy && <p className="hint" role="status">Evaluating the rule over the last {range}…</p>}
      {problem && (
        <div className="error-box" role="alert">
          <strong>
            {problem.status === 502 ? 'The cluster’s Prometheus did not answer' : problem.status === 422 ? 'The preview cannot run this rule' : 'The preview failed'}
          </strong>
          {problem.issues.length > 0 ? (
            <ul>
              {problem.issues.map((issue) => (
                <li key={issue.path + issue.message}>{problemText(issue)}</li>
              ))}
            </ul>
          ) : (
            <p className="error">{problem.message}</p>
          )}
        </div>
      )}
      {result && !busy && <BacktestResultView result={result} range={range!} />}
    </section>
  );
}

function BacktestResultView({ result, range }: { result: BacktestResult; range: string }) {
  // Stable per result, so typing elsewhere in the form does not redraw the chart.
  const intervals = useMemo(() => result.instances.flatMap((i) => i.intervals), [result]);
  // Within a day the date adds nothing but width.
  const timeOnly = Date.parse(result.end) - Date.parse(result.start) <= 86_400_000;
  const firing = result.notifications.filter((n) => n.status === 'firing').length;
  return (
    <div className="backtest-result" aria-live="polite">
      <p>
        Over the last {range} ({result.evaluations} evaluations every {durationText(result.intervalMs)}):{' '}
        <strong>
          {result.instances.length === 0 ? 'never pending or firing' : `${result.instances.length} instance${result.instances.length === 1 ? '' : 's'} became active`}
        </strong>
        ; <strong>{result.notifications.length}</strong> notification{result.notifications.length === 1 ? '' : 's'} would have been sent ({firing} firing, {result.notifications.length - firing} resolved).
      </p>
      {result.errors.count > 0 && (
        <p className="error">
          {result.errors.count} evaluation{result.errors.count === 1 ? '' : 's'} failed{result.errors.first ? `: ${result.errors.first}` : ''} (the rule’s Error behaviour applied).
        </p>
      )}
      {result.series.length === 0 ? (
        <p className="hint">The expression returned no series over this range.</p>
      ) : (
        <BacktestChart series={result.series} intervals={intervals} startMs={Date.parse(result.start)} endMs={Date.parse(result.end)} label="Expression value" />
      )}
      {result.seriesTruncated && <p className="hint">Showing the first {result.series.length} series.</p>}
      {result.instances.length > 0 && (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Backtest results">
          <table>
            <caption className="visually-hidden">Alert instances and when they were pending or firing</caption>
            <thead>
              <tr>
                <th scope="col">Instance</th>
                <th scope="col">Pending / firing</th>
              </tr>
            </thead>
            <tbody>
              {result.instances.map((instance) => (
                <tr key={instance.fingerprint}>
                  <td>{labelChips(instance.labels)}</td>
                  <td>
                    <ul className="intervals">
                      {instance.intervals.map((interval) => (
                        <li key={interval.state + interval.start}>
                          <span className={`state-tag state-${interval.state}`}>{interval.state}</span> <LocalTime iso={interval.start} timeOnly={timeOnly} /> →{' '}
                          {interval.end ? <LocalTime iso={interval.end} timeOnly={timeOnly} /> : 'end of range'} ({durationText((interval.end ? Date.parse(interval.end) : Date.parse(result.end)) - Date.parse(interval.start))})
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {result.notifications.length > 0 && (
        <details className="notifications">
          <summary>
            {result.notifications.length} notification{result.notifications.length === 1 ? '' : 's'} that would have been sent
          </summary>
          <ol>
            {result.notifications.map((n) => (
              <li key={n.status + n.at + n.fingerprint}>
                <span className={`state-tag state-${n.status}`}>{n.status}</span> <LocalTime iso={n.at} timeOnly={timeOnly} /> <code>{seriesName(n.labels)}</code>
                {n.annotations.summary && <div className="hint">{n.annotations.summary}</div>}
              </li>
            ))}
          </ol>
        </details>
      )}
    </div>
  );
}
