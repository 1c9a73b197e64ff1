'use client';

// The notification configuration (policy tree, mute timings, inhibition rules) as YAML, saved with
// PUT /api/v1/notification-policy; refused fields are listed with the YAML line they are on.
// Below: "Which route would this alert take?" against the saved policy, and the route tree.
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { callApi } from '../../components/api-client';
import { parseLabelPairs } from '../label-pairs';
import { examplePolicyYaml, lineOfIssue, parseConfigYaml, type ConfigIssue } from './policy-yaml';
import { RouteTree, type RouteExplanationView } from './route-tree';
import type { RouteView } from './route-view';

interface ExplainResult {
  policy: 'default' | 'configured';
  receivers: string[];
  explanation: { paths: string[][]; tree: RouteExplanationView } | null;
}

interface Props {
  initialYaml: string;
  tree: RouteView | null;
  treeProblem?: string;
  channels: string[];
  canWrite: boolean;
}

/** Selects a line of a textarea and scrolls it into view. */
function goToLine(textarea: HTMLTextAreaElement | null, line: number) {
  if (!textarea) return;
  const lines = textarea.value.split('\n');
  const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
  const end = start + (lines[line - 1]?.length ?? 0);
  textarea.focus();
  textarea.setSelectionRange(start, end);
  const lineHeight = parseFloat(getComputedStyle(textarea).lineHeight) || 20;
  textarea.scrollTop = Math.max(0, (line - 3) * lineHeight);
}

export function PolicyEditor({ initialYaml, tree, treeProblem, channels, canWrite }: Props) {
  const router = useRouter();
  const [yaml, setYaml] = useState(initialYaml);
  const [issues, setIssues] = useState<ConfigIssue[]>([]);
  const [message, setMessage] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const [busy, setBusy] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLPreElement>(null);

  const [labelsText, setLabelsText] = useState('alertname=HighCPU, cluster=prod-eu, severity=critical');
  const [explainProblem, setExplainProblem] = useState<string>();
  const [explained, setExplained] = useState<ExplainResult>();

  const errorLines = new Set(issues.map((i) => i.line).filter((l): l is number => l !== undefined));
  const lineCount = yaml.split('\n').length;

  function fail(text: string, found: ConfigIssue[]) {
    setMessage(text);
    setIssues(found);
    setSaved(undefined);
    requestAnimationFrame(() => document.getElementById('policy-problems')?.focus());
  }

  async function save(event: React.FormEvent) {
    event.preventDefault();
    const parsed = parseConfigYaml(yaml);
    if (!parsed.ok) {
      fail('The YAML does not parse; nothing was saved.', [parsed.issue]);
      return;
    }
    setBusy(true);
    const result = await callApi('PUT', '/api/v1/notification-policy', parsed.value);
    setBusy(false);
    if (!result.ok) {
      fail(`Not saved: ${result.message}`, result.issues.map((i) => ({ ...i, line: lineOfIssue(yaml, i) })));
      return;
    }
    setIssues([]);
    setMessage(undefined);
    setSaved(`Saved at ${new Date().toLocaleTimeString()}. The tree below shows it; the dispatcher uses it from its next step.`);
    setExplained(undefined);
    router.refresh();
  }

  async function explain(event: React.FormEvent) {
    event.preventDefault();
    const parsed = parseLabelPairs(labelsText);
    if (!parsed.ok) {
      setExplainProblem(parsed.message);
      setExplained(undefined);
      return;
    }
    const result = await callApi<ExplainResult>('POST', '/api/v1/notification-policy/explain', { labels: parsed.labels });
    if (result.ok) {
      setExplained(result.data);
      setExplainProblem(undefined);
    } else {
      setExplainProblem(result.issues.map((i) => `${i.path}: ${i.message}`).join('; ') || result.message);
      setExplained(undefined);
    }
  }

  const paths = explained?.explanation?.paths ?? [];

  return (
    <>
      <form className="card form policy-form" onSubmit={save} noValidate aria-labelledby="policy-yaml-title">
        <div className="backtest-head">
          <h2 id="policy-yaml-title">Configuration (YAML)</h2>
          {canWrite && (
            <button type="button" className="button secondary small push-right" onClick={() => setYaml(examplePolicyYaml(channels))}>
              Start from an example
            </button>
          )}
        </div>
        <p className="hint" id="policy-yaml-hint">
          <code>policy</code> is the route tree (Alertmanager’s <code>route</code>; <code>null</code>: every channel gets every alert), <code>timeIntervals</code> the mute timings,{' '}
          <code>inhibitRules</code> the inhibition rules. Receivers are channel names. Alertmanager’s snake_case keys (<code>group_by</code>, <code>mute_time_intervals</code>…) are accepted. Comments are not kept.
        </p>
        {(message || issues.length > 0) && (
          <div className="error-box" role="alert" id="policy-problems" tabIndex={-1}>
            <strong>{message}</strong>
            <ul>
              {issues.map((issue, i) => (
                <li key={i}>
                  {issue.line !== undefined && (
                    <>
                      <button type="button" className="linklike" onClick={() => goToLine(textarea.current, issue.line!)}>
                        line {issue.line}
                      </button>
                      {' · '}
                    </>
                  )}
                  {issue.path !== 'yaml' && <code>{issue.path}</code>}
                  {issue.path !== 'yaml' && ': '}
                  {issue.message}
                </li>
              ))}
            </ul>
          </div>
        )}
        <label htmlFor="policy-yaml" className="visually-hidden">
          Notification configuration in YAML
        </label>
        <div className={`yaml-editor${issues.length ? ' invalid' : ''}`}>
          <pre className="yaml-gutter" ref={gutter} aria-hidden="true">
            {Array.from({ length: lineCount }, (_, i) => (
              <span key={i} className={errorLines.has(i + 1) ? 'gutter-error' : undefined}>
                {errorLines.has(i + 1) ? '▶' : ''}
                {i + 1}
                {'\n'}
              </span>
            ))}
          </pre>
          <textarea
            id="policy-yaml"
            ref={textarea}
            value={yaml}
            onChange={(e) => setYaml(e.target.value)}
            onScroll={(e) => {
              if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
            }}
            rows={Math.min(28, Math.max(10, lineCount + 1))}
            wrap="off"
            spellCheck={false}
            autoCapitalize="off"
            readOnly={!canWrite}
            aria-invalid={issues.length > 0}
            aria-describedby={`policy-yaml-hint${issues.length ? ' policy-problems' : ''}`}
          />
        </div>
        {canWrite ? (
          <div className="actions form-actions">
            <button className="button" type="submit" disabled={busy}>
              {busy ? 'Saving…' : 'Save policy'}
            </button>
            <button
              type="button"
              className="button secondary"
              onClick={() => {
                setYaml(initialYaml);
                setIssues([]);
                setMessage(undefined);
              }}
            >
              Discard changes
            </button>
            {saved && (
              <span className="saved-note" role="status">
                {saved}
              </span>
            )}
          </div>
        ) : (
          <p className="hint">Changing the policy needs the editor role.</p>
        )}
      </form>

      <section className="card explain" aria-labelledby="explain-title">
        <h2 id="explain-title">Which route would this alert take?</h2>
        <form className="explain-form" onSubmit={explain}>
          <div className="field grow">
            <label htmlFor="explain-labels">Alert labels</label>
            <input id="explain-labels" value={labelsText} onChange={(e) => setLabelsText(e.target.value)} placeholder="alertname=HighCPU, cluster=prod-eu, severity=critical" aria-invalid={!!explainProblem} aria-describedby="explain-hint" spellCheck={false} />
            <span className="hint" id="explain-hint">
              name=value pairs, separated by commas. Uses the saved policy.
            </span>
          </div>
          <button type="submit" className="button secondary">
            Explain
          </button>
        </form>
        <div aria-live="polite" className="explain-result">
          {explainProblem && <p className="error">{explainProblem}</p>}
          {explained &&
            (explained.policy === 'default' ? (
              <p>
                No policy is saved, so every channel gets this alert:{' '}
                {explained.receivers.length ? <strong>{explained.receivers.join(', ')}</strong> : <em>there are no channels yet</em>}.
              </p>
            ) : (
              <>
                <p>
                  Notifies <strong data-testid="explain-receivers">{explained.receivers.join(', ')}</strong> through {paths.length === 1 ? 'route' : 'routes'}{' '}
                  {paths.map((path, i) => (
                    <span key={i}>
                      {i > 0 && ' and '}
                      <code>{path.join(' → ')}</code>
                    </span>
                  ))}
                  . The tree below marks every route.
                </p>
              </>
            ))}
        </div>
      </section>

      <section className="card" aria-labelledby="tree-title">
        <h2 id="tree-title">Routes</h2>
        {tree ? (
          <>
            <p className="hint">
              The saved policy. An alert goes down the first matching child route (and on to later siblings after one with <em>continue</em>); a route none of whose children match notifies its receiver. Values
              marked <em>default</em> are the product defaults, <em>inherited</em> come from a parent route.
            </p>
            <RouteTree tree={tree} explanation={explained?.explanation?.tree} />
          </>
        ) : treeProblem ? (
          <p className="error">The saved policy cannot be shown: {treeProblem}</p>
        ) : (
          <div className="empty">
            <h3>No policy yet</h3>
            <p>Every channel gets every alert, grouped by alertname and cluster (group_wait 30s, group_interval 5m, repeat_interval 4h).</p>
            <p>{canWrite ? 'Write a policy above, or press “Start from an example”, to route alerts by their labels.' : 'Ask an editor to route alerts by their labels.'}</p>
          </div>
        )}
      </section>
    </>
  );
}

