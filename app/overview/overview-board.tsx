'use client';

import { useMemo, useState } from 'react';
import type { ClusterOverview } from '@/lib/collect/overview';
import { callApi } from '../components/api-client';
import { usePolling } from '../components/use-polling';
import { StatusBadge } from '../components/status-badge';

const REFRESH_MS = 10_000;
const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
const cores = (n: number | null | undefined) => (n == null ? '—' : n < 10 ? n.toFixed(1) : n.toFixed(0));
const gib = (n: number | null | undefined) => (n == null ? '—' : (n / 2 ** 30).toFixed(n < 10 * 2 ** 30 ? 1 : 0));

/** A bar: used (filled) and requested (marker) against allocatable (the full width). */
function CapacityBar({ label, used, requested, allocatable, format, unit }: { label: string; used: number | null; requested: number | null; allocatable: number | null; format: (n: number | null) => string; unit: string }) {
  const pct = (n: number | null) => (n != null && allocatable ? Math.min(100, (n / allocatable) * 100) : 0);
  const usedPct = pct(used);
  return (
    <div className="capacity">
      <div className="capacity-head">
        <span>{label}</span>
        <span className="hint">
          {format(used)} used · {format(requested)} requested · {format(allocatable)} {unit}
        </span>
      </div>
      <div className="bar" role="img" aria-label={`${label}: ${usedPct.toFixed(0)}% of allocatable used, ${pct(requested).toFixed(0)}% requested`}>
        <div className={`bar-used ${usedPct > 90 ? 'hot' : usedPct > 75 ? 'warm' : ''}`} style={{ width: `${usedPct}%` }} />
        {requested != null && <div className="bar-requested" style={{ left: `${pct(requested)}%` }} />}
      </div>
    </div>
  );
}

function Sparkline({ points }: { points: ClusterOverview['history']['points'] }) {
  const values = points.map(([, cpu]) => cpu).filter((v): v is number => v != null);
  if (values.length < 2) return <span className="hint">history after a few polls</span>;
  // Scaled to its own range (at least 0-10%), so low but changing load is visible.
  const top = Math.max(0.1, ...values) * 1.1;
  const path = values.map((v, i) => `${(i / (values.length - 1)) * 100},${30 - (v / top) * 28}`).join(' ');
  return (
    <svg className="sparkline" viewBox="0 0 100 30" preserveAspectRatio="none" role="img" aria-label={`CPU over the last hour, now ${(values.at(-1)! * 100).toFixed(0)}%, peak ${(Math.max(...values) * 100).toFixed(0)}%`}>
      <polyline points={path} fill="none" strokeWidth="1.5" vectorEffect="non-scaling-stroke" />
    </svg>
  );
}

function ClusterCard({ cluster }: { cluster: ClusterOverview }) {
  const m = cluster.metrics;
  return (
    <article className="cluster-card" aria-labelledby={`cluster-${cluster.id}`}>
      <header>
        <h2 id={`cluster-${cluster.id}`}>
          <a href={`/clusters/${cluster.id}`}>{cluster.displayName ?? cluster.name}</a>
        </h2>
        <StatusBadge state={cluster.status.state} />
      </header>
      <div className="labels">
        {cluster.simulated && <span className="tag">simulated</span>}
        {Object.entries(cluster.labels).map(([k, v]) => (
          <code key={k}>{`${k}=${v}`}</code>
        ))}
      </div>
      {cluster.status.reason && <p className="error">{cluster.status.reason}</p>}
      {(cluster.alerts.firing > 0 || cluster.alerts.pending > 0) && (
        <p className="alert-counts">
          <a href={`/alerts?cluster=${encodeURIComponent(cluster.name)}`}>
            {cluster.alerts.firing > 0 && <span className="error">{plural(cluster.alerts.firing, 'alert')} firing</span>}
            {cluster.alerts.firing > 0 && cluster.alerts.pending > 0 && ' · '}
            {cluster.alerts.pending > 0 && <span className="warn-text">{cluster.alerts.pending} pending</span>}
          </a>
        </p>
      )}
      {m ? (
        <>
          <p>
            <strong>
              {m.nodes.ready ?? '—'}/{m.nodes.total ?? '—'}
            </strong>{' '}
            nodes ready
            {cluster.inventory && cluster.inventory.nodesNotReady.length > 0 && <span className="error"> · not ready: {cluster.inventory.nodesNotReady.join(', ')}</span>}
          </p>
          <CapacityBar label="CPU" used={m.cpu.usedCores} requested={m.cpu.requestedCores} allocatable={m.cpu.allocatableCores} format={cores} unit="cores" />
          <CapacityBar label="Memory" used={m.memory.usedBytes} requested={m.memory.requestedBytes} allocatable={m.memory.allocatableBytes} format={gib} unit="GiB" />
          <ul className="facts">
            <li className={m.pods.notRunning ? 'warn' : ''}>{plural(m.pods.notRunning, 'pod')} not running</li>
            <li className={m.crashLoopingPods ? 'warn' : ''}>{plural(m.crashLoopingPods, 'pod')} crash looping</li>
            <li className={m.hpasAtMax ? 'warn' : ''}>{plural(m.hpasAtMax, 'HPA')} at max</li>
          </ul>
          <Sparkline points={cluster.history.points} />
        </>
      ) : (
        <p className="hint">No data yet: the worker polls every cluster on an interval.</p>
      )}
    </article>
  );
}

/** Every cluster at a glance, refreshed in place every 10 s. */
export function OverviewBoard({ initial }: { initial: ClusterOverview[] }) {
  const [clusters, setClusters] = useState(initial);
  const [selector, setSelector] = useState('');
  const [applied, setApplied] = useState('');
  const [groupBy, setGroupBy] = useState('');
  // Set in the browser only (by the first load, right after hydration): a time rendered on the
  // server would not match the browser's clock and locale, and React would reject the page.
  const [updatedAt, setUpdatedAt] = useState<number>();
  const [error, setError] = useState<string>();

  // Pauses while the tab is hidden, and catches up when it shows again.
  usePolling(
    async (signal) => {
      const result = await callApi<{ clusters: ClusterOverview[] }>('GET', `/api/v1/overview${applied ? `?selector=${encodeURIComponent(applied)}` : ''}`);
      if (signal.stopped) return;
      if (result.ok) {
        setClusters(result.data.clusters);
        setUpdatedAt(Date.now());
        setError(undefined);
      } else setError(result.issues.map((i) => i.message).join('; ') || result.message);
    },
    REFRESH_MS,
    [applied],
  );

  const labelKeys = useMemo(() => [...new Set(clusters.flatMap((c) => Object.keys(c.labels)))].sort(), [clusters]);
  const groups = useMemo(() => {
    if (!groupBy) return [['', clusters] as const];
    const byValue = new Map<string, ClusterOverview[]>();
    for (const c of clusters) byValue.set(c.labels[groupBy] ?? '(none)', [...(byValue.get(c.labels[groupBy] ?? '(none)') ?? []), c]);
    return [...byValue.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [clusters, groupBy]);
  const counts = clusters.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c.status.state]: (acc[c.status.state] ?? 0) + 1 }), {});

  return (
    <>
      <form
        className="filter"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(selector);
        }}
      >
        <label htmlFor="overview-selector">Label selector</label>
        <input id="overview-selector" value={selector} onChange={(e) => setSelector(e.target.value)} placeholder="env=prod,region in (eu,us)" />
        <button className="button secondary" type="submit">Filter</button>
        <label htmlFor="group-by">Group by</label>
        <select id="group-by" value={groupBy} onChange={(e) => setGroupBy(e.target.value)}>
          <option value="">nothing</option>
          {labelKeys.map((k) => (
            <option key={k} value={k}>{k}</option>
          ))}
        </select>
        <span className="hint" aria-live="polite">
          {plural(clusters.length, 'cluster')} · {Object.entries(counts).map(([state, n]) => `${n} ${state}`).join(' · ')}
          {updatedAt !== undefined && <> · updated {new Date(updatedAt).toLocaleTimeString()}</>}
        </span>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      {groups.map(([value, members]) => (
        <section key={value} aria-label={value ? `${groupBy}=${value}` : 'All clusters'}>
          {value && <h2 className="group-title">{groupBy}={value}</h2>}
          <div className="cluster-grid">
            {members.map((c) => (
              <ClusterCard key={c.id} cluster={c} />
            ))}
          </div>
        </section>
      ))}
    </>
  );
}
