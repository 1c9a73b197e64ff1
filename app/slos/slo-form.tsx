'use client';

// Create (POST) or replace (PUT) an SLO. The server validates; its issues come back by path
// (`name`, `objective`, `sli.errors`, `scope.clusterId`, …) and are shown at those fields. Beside
// the form, the burn-rate alerts it will generate, recomputed as it is typed.
import { useState, type ReactNode } from 'react';
import type { SloView } from '@/lib/slo/service/slo-record';
import { callApi, problemsAt, useApiProblems } from '../components/api-client';
import { IssueList } from '../components/issue-list';
import { KeyValueRows } from '../rules/key-value-rows';
import type { ClusterChoice } from '../rules/rule-group-editor';
import { AlertPreview } from './alert-preview';
import { draftObjective, draftToInput, emptyDraft, sloToDraft, WINDOWS, type SloDraft } from './slo-draft';
import type { SloInput } from '@/lib/slo/slo-schema';
import { ScopeTypeRadios } from '../components/scope-type-radios';

interface Props {
  /** The SLO being edited; absent when creating one. */
  slo?: Pick<SloView, 'id' | 'name' | 'spec'>;
  /** A template's SLO to start a new one from. */
  initial?: SloInput;
  clusters: ClusterChoice[];
}

const WINDOW_HINT = (
  <>
    Events per second with <code>{'[{{window}}]'}</code> as the range of <code>rate()</code>: the same query is evaluated over every alert window and every hour of the period.
  </>
);

export function SloForm({ slo, initial, clusters }: Props) {
  const editing = Boolean(slo);
  const [draft, setDraft] = useState<SloDraft>(() => {
    const start = slo?.spec ?? initial;
    return start ? sloToDraft(start, clusters[0]?.id ?? '') : emptyDraft(clusters[0]?.id ?? '');
  });
  const problems = useApiProblems();
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<SloDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const at = (...paths: string[]) => paths.flatMap((p) => problemsAt(problems.issues, p));
  /** Issues located exactly at `path` (not its sub-fields). */
  const exactly = (path: string) => problems.issues.filter((i) => i.path === path).map((i) => i.message);

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    const body = draftToInput(draft);
    const result = editing ? await callApi<SloView>('PUT', `/api/v1/slos/${slo!.id}`, body) : await callApi<SloView>('POST', '/api/v1/slos', body);
    if (result.ok) {
      window.location.assign(`/slos/${result.data.id}`);
      return;
    }
    setBusy(false);
    problems.report(result);
    requestAnimationFrame(() => document.getElementById('slo-problems')?.focus());
  }

  const describedBy = (id: string, hint: boolean, invalid: boolean) => [hint ? `${id}-hint` : '', invalid ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  /** A labelled field with its hint and the server's problems at `paths`. */
  const field = (id: string, paths: string[], label: ReactNode, input: (aria: Record<string, unknown>) => ReactNode, hint?: ReactNode) => {
    const messages = at(...paths);
    const aria = { id, 'aria-invalid': messages.length > 0, 'aria-describedby': describedBy(id, Boolean(hint), messages.length > 0) };
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        {input(aria)}
        {hint && (
          <span className="hint" id={`${id}-hint`}>
            {hint}
          </span>
        )}
        {messages.length > 0 && (
          <p className="error" id={`${id}-error`}>
            {messages.join('; ')}
          </p>
        )}
      </div>
    );
  };

  const toggle = <T extends string>(name: string, label: string, value: T, choices: ReadonlyArray<readonly [T, string]>, onChange: (v: T) => void) => (
    <div className="mode-toggle" role="radiogroup" aria-label={label}>
      {choices.map(([choice, text]) => (
        <label key={choice} className={value === choice ? 'selected' : ''}>
          <input type="radio" name={name} value={choice} checked={value === choice} onChange={() => onChange(choice)} />
          {text}
        </label>
      ))}
    </div>
  );

  const ratioPath = `sli.${draft.ratioKind}`;
  const sliProblems = exactly('sli');

  return (
    <div className="slo-editor">
      <form className="form slo-form" onSubmit={save} noValidate>
        {(problems.message || problems.issues.length > 0) && (
          <div className="error-box" role="alert" id="slo-problems" tabIndex={-1}>
            <strong>{problems.message ?? 'The SLO was not saved: fix the fields marked below.'}</strong>
            <IssueList issues={problems.issues} />
          </div>
        )}

        <fieldset>
          <legend>SLO</legend>
          {field('slo-name', ['name'], 'Name', (aria) => <input {...aria} value={draft.name} onChange={(e) => set({ name: e.target.value })} placeholder="checkout-availability" spellCheck={false} />, (
            <>
              Also the <code>slo</code> label of its alerts: letters, digits, spaces and - _ . : /
            </>
          ))}
          {field('slo-description', ['description'], 'Description (optional)', (aria) => <textarea {...aria} className="prose" rows={2} value={draft.description} onChange={(e) => set({ description: e.target.value })} />)}
          <div className="slo-target">
            {field('slo-objective', ['objective'], 'Objective (%)', (aria) => <input {...aria} inputMode="decimal" value={draft.objective} onChange={(e) => set({ objective: e.target.value })} placeholder="99.9" />, 'Share of good events, e.g. 99.9')}
            {field('slo-window', ['window'], 'Rolling period', (aria) => (
              <select {...aria} value={draft.window} onChange={(e) => set({ window: e.target.value as SloDraft['window'] })}>
                {WINDOWS.map((w) => (
                  <option key={w} value={w}>
                    {w}
                  </option>
                ))}
              </select>
            ))}
          </div>
          <fieldset className="scope-picker">
            <legend>Clusters</legend>
            <ScopeTypeRadios value={draft.scopeType} onChange={(scopeType) => set({ scopeType })} />
            {draft.scopeType === 'cluster' &&
              field('scope-cluster', ['scope.clusterId'], 'Cluster', (aria) =>
                clusters.length ? (
                  <select {...aria} value={draft.scopeClusterId} onChange={(e) => set({ scopeClusterId: e.target.value })}>
                    {clusters.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.label}
                      </option>
                    ))}
                  </select>
                ) : (
                  <p className="hint">No clusters registered yet.</p>
                ),
              )}
            {draft.scopeType === 'selector' &&
              field('scope-selector', ['scope.selector'], 'Label selector', (aria) => <input {...aria} value={draft.scopeSelector} onChange={(e) => set({ scopeSelector: e.target.value })} placeholder="env=prod,region in (eu,us)" />, 'Kubernetes label-selector syntax over the clusters’ labels; each cluster gets its own numbers and alerts.')}
            {exactly('scope').length > 0 && <p className="error">{exactly('scope').join('; ')}</p>}
          </fieldset>
        </fieldset>

        <fieldset className="slo-sli" aria-describedby={sliProblems.length ? 'sli-error' : undefined}>
          <legend>Indicator (SLI)</legend>
          {toggle('sli-type', 'SLI type', draft.sliType, [
            ['ratio', 'Ratio of events'],
            ['latency', 'Latency (histogram)'],
          ] as const, (sliType) => set({ sliType }))}
          {draft.sliType === 'ratio' ? (
            <>
              {toggle('ratio-kind', 'The first query counts', draft.ratioKind, [
                ['errors', 'Count failed events'],
                ['good', 'Count good events'],
              ] as const, (ratioKind) => set({ ratioKind }))}
              {field(
                'sli-ratio-query',
                ['sli.errors', 'sli.good'],
                draft.ratioKind === 'errors' ? 'Failed events (errors)' : 'Good events',
                (aria) => (
                  <textarea
                    {...aria}
                    rows={3}
                    value={draft.ratioQuery}
                    onChange={(e) => set({ ratioQuery: e.target.value })}
                    placeholder={draft.ratioKind === 'errors' ? 'sum(rate(http_requests_total{code=~"5.."}[{{window}}]))' : 'sum(rate(http_requests_total{code!~"5.."}[{{window}}]))'}
                    spellCheck={false}
                  />
                ),
                WINDOW_HINT,
              )}
              {field('sli-total', ['sli.total'], 'All events (total)', (aria) => (
                <textarea {...aria} rows={3} value={draft.totalQuery} onChange={(e) => set({ totalQuery: e.target.value })} placeholder="sum(rate(http_requests_total[{{window}}]))" spellCheck={false} />
              ))}
            </>
          ) : (
            <>
              {field('sli-metric', ['sli.metric'], 'Histogram', (aria) => <input {...aria} value={draft.metric} onChange={(e) => set({ metric: e.target.value })} placeholder="http_request_duration_seconds" spellCheck={false} />, (
                <>
                  The base name: its <code>_bucket</code> and <code>_count</code> series are queried.
                </>
              ))}
              {field('sli-selector', ['sli.selector'], 'Label matchers (optional)', (aria) => <input {...aria} value={draft.selector} onChange={(e) => set({ selector: e.target.value })} placeholder={'job="api", verb!~"WATCH|CONNECT"'} spellCheck={false} />, 'Without braces; not le or __name__.')}
              {field('sli-threshold', ['sli.thresholdSeconds'], 'Good when faster than (seconds)', (aria) => <input {...aria} inputMode="decimal" value={draft.thresholdSeconds} onChange={(e) => set({ thresholdSeconds: e.target.value })} placeholder="0.5" />, (
                <>
                  Must be one of the histogram’s <code>le</code> boundaries, e.g. 0.25, 0.5, 1.
                </>
              ))}
            </>
          )}
          {sliProblems.length > 0 && (
            <div className="error" id="sli-error">
              {sliProblems.map((message) => (
                <p key={message} className="error">
                  {message}
                </p>
              ))}
            </div>
          )}
        </fieldset>

        <fieldset>
          <legend>Alerting</legend>
          <label className="row checkbox">
            <input id="alert-page" type="checkbox" checked={draft.page} onChange={(e) => set({ page: e.target.checked })} />
            <span>
              Page on fast burns (severity <code>page</code>)
            </span>
          </label>
          <label className="row checkbox">
            <input id="alert-ticket" type="checkbox" checked={draft.ticket} onChange={(e) => set({ ticket: e.target.checked })} />
            <span>
              Open tickets on slow burns (severity <code>ticket</code>)
            </span>
          </label>
          {field('runbook-url', ['alerting.runbookUrl', 'alerting'], 'Runbook URL (optional)', (aria) => <input {...aria} type="url" value={draft.runbookUrl} onChange={(e) => set({ runbookUrl: e.target.value })} placeholder="https://runbooks.example.com/checkout" />, 'Added to every alert as the runbook_url annotation.')}
        </fieldset>

        <KeyValueRows id="slo-labels" legend="Labels" rows={draft.labels} onChange={(labels) => set({ labels })} problems={at('labels')} hint="Added to every generated alert (e.g. team=checkout), for routing." keyPlaceholder="team" />

        <div className="actions form-actions">
          <button className="button" type="submit" disabled={busy}>
            {busy ? 'Saving…' : editing ? 'Save changes' : 'Create SLO'}
          </button>
          <a className="button secondary" href={editing ? `/slos/${slo!.id}` : '/slos'}>
            Cancel
          </a>
        </div>
      </form>
      <AlertPreview objective={draftObjective(draft)} window={draft.window} page={draft.page} ticket={draft.ticket} />
    </div>
  );
}
