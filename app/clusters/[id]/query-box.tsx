'use client';

import { useState } from 'react';
import { callApi } from '../../components/api-client';

interface Result {
  resultType: 'vector' | 'matrix' | 'scalar' | 'string';
  result: unknown;
  warnings: string[];
}

const labelText = (metric: Record<string, string>) =>
  `${metric.__name__ ?? ''}{${Object.entries(metric).filter(([k]) => k !== '__name__').map(([k, v]) => `${k}="${v}"`).join(', ')}}`;

/** An instant PromQL query against this cluster's Prometheus, scoped to the cluster. */
export function QueryBox({ clusterId, scoped }: { clusterId: string; scoped: string | null }) {
  const [query, setQuery] = useState('sum by (node) (rate(node_cpu_seconds_total{mode!="idle"}[5m]))');
  const [result, setResult] = useState<Result>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function run(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    const res = await callApi<Result>('POST', `/api/v1/clusters/${clusterId}/query`, { query });
    setBusy(false);
    if (res.ok) {
      setResult(res.data);
      setError(undefined);
    } else {
      setResult(undefined);
      setError(res.issues.map((i) => i.message).join('; ') || res.message);
    }
  }

  const rows: { labels: string; value: string }[] =
    result?.resultType === 'vector'
      ? (result.result as { metric: Record<string, string>; value: number }[]).map((s) => ({ labels: labelText(s.metric), value: String(s.value) }))
      : result?.resultType === 'scalar' || result?.resultType === 'string'
        ? [{ labels: result.resultType, value: String((result.result as { value: unknown }).value) }]
        : result?.resultType === 'matrix'
          ? (result.result as { metric: Record<string, string>; values: { value: number }[] }[]).map((s) => ({ labels: labelText(s.metric), value: `${s.values.length} samples, last ${s.values.at(-1)?.value}` }))
          : [];

  return (
    <section className="card">
      <h2>Query</h2>
      <form className="form" onSubmit={run}>
        <label htmlFor="promql">PromQL {scoped && <span className="hint">(scoped with {scoped})</span>}</label>
        <textarea id="promql" rows={2} value={query} onChange={(e) => setQuery(e.target.value)} spellCheck={false} aria-invalid={Boolean(error)} />
        <div className="actions">
          <button className="button secondary" type="submit" disabled={busy}>{busy ? 'Running…' : 'Run query'}</button>
        </div>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      {result && (
        <>
          {result.warnings.map((w) => <p key={w} className="hint">⚠ {w}</p>)}
          {rows.length === 0 ? (
            <p className="hint">Empty result.</p>
          ) : (
            <div className="table-scroll" tabIndex={0} role="region" aria-label="Query result">
<table>
              <thead><tr><th scope="col">Series</th><th scope="col">Value</th></tr></thead>
              <tbody>
                {rows.slice(0, 200).map((r, i) => (
                  <tr key={i}><td><code>{r.labels}</code></td><td>{r.value}</td></tr>
                ))}
              </tbody>
            </table>
</div>
          )}
        </>
      )}
    </section>
  );
}
