import type { LatestSnapshot } from '@/lib/collect/cluster-snapshot';

const cores = (millis: number | null | undefined) => (millis == null ? '—' : `${(millis / 1000).toFixed(millis % 1000 ? 1 : 0)}`);
const gib = (bytes: number | null | undefined) => (bytes == null ? '—' : `${(bytes / 2 ** 30).toFixed(1)} GiB`);
const pct = (ratio: number | null | undefined) => (ratio == null ? '—' : `${(ratio * 100).toFixed(0)}%`);
const ago = (iso: string | null, now: number) => {
  if (!iso) return '—';
  const s = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  return s < 90 ? `${s}s ago` : s < 5400 ? `${Math.round(s / 60)}m ago` : `${Math.round(s / 3600)}h ago`;
};

/** What the latest poll saw, section by section (server-rendered). */
export function SnapshotSections({ snapshot, now }: { snapshot: LatestSnapshot | null; now: number }) {
  if (!snapshot) {
    return (
      <section className="card">
        <h2>Live state</h2>
        <p className="hint">Not polled yet: the worker polls every cluster on an interval (CLUSTER_POLL_INTERVAL).</p>
      </section>
    );
  }
  const m = snapshot.metrics;
  const inv = snapshot.inventory;
  return (
    <>
      <section className="card">
        <h2>Live state <span className="hint">polled {ago(snapshot.at, now)} in {snapshot.durationMs} ms</span></h2>
        {m ? (
          <dl className="summary">
            <dt>Nodes ready</dt><dd>{m.nodes.ready ?? '—'} / {m.nodes.total ?? '—'}</dd>
            <dt>CPU</dt><dd>{m.cpu.usedCores?.toFixed(1) ?? '—'} used · {m.cpu.requestedCores?.toFixed(1) ?? '—'} requested · {m.cpu.allocatableCores?.toFixed(0) ?? '—'} allocatable cores</dd>
            <dt>Memory</dt><dd>{gib(m.memory.usedBytes)} used · {gib(m.memory.requestedBytes)} requested · {gib(m.memory.allocatableBytes)} allocatable</dd>
            <dt>Pods</dt><dd>{Object.entries(m.pods.byPhase).map(([phase, n]) => `${n} ${phase}`).join(' · ') || '—'}</dd>
            <dt>Control plane</dt>
            <dd>
              {m.apiserver.requestsPerSecond?.toFixed(1) ?? '—'} req/s · {pct(m.apiserver.errorRatio)} 5xx · p99 {m.apiserver.p99Seconds == null ? '—' : `${(m.apiserver.p99Seconds * 1000).toFixed(0)} ms`}
            </dd>
          </dl>
        ) : (
          <p className="hint">No metrics in this poll.</p>
        )}
        {snapshot.errors.length > 0 && (
          <details>
            <summary>{snapshot.errors.length} source(s) could not be read</summary>
            <ul>{snapshot.errors.map((e) => <li key={e.source}><code>{e.source}</code>: {e.message}</li>)}</ul>
          </details>
        )}
      </section>

      {inv?.nodes && (
        <section className="card">
          <h2 id="nodes-title">Nodes</h2>
          {/* a region the keyboard can scroll when the table is wider than the page (phones) */}
          <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="nodes-title">
          <table>
            <thead>
              <tr><th scope="col">Node</th><th scope="col">Ready</th><th scope="col">Problems</th><th scope="col">Taints</th><th scope="col">CPU (alloc.)</th><th scope="col">Memory (alloc.)</th><th scope="col">Overcommit (limits)</th><th scope="col">Kubelet</th></tr>
            </thead>
            <tbody>
              {inv.nodes.map((n) => (
                <tr key={n.name}>
                  <td>{n.name}<div className="hint">{n.roles.join(', ') || 'worker'}</div></td>
                  <td><span className={`status status-${n.ready === 'True' ? 'healthy' : 'unreachable'}`}>{n.ready === 'True' ? 'Ready' : n.ready === 'False' ? 'NotReady' : 'Unknown'}</span></td>
                  <td>{n.problems.length ? n.problems.map((p) => <div key={p.type} className="error">{p.type}{p.reason ? `: ${p.reason}` : ''}</div>) : <span className="hint">none</span>}</td>
                  <td className="hint break-anywhere">{n.taints.map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`).join(', ') || '—'}{n.unschedulable && <div>cordoned</div>}</td>
                  <td>{cores(n.allocatable.cpuMillis)} / {cores(n.capacity.cpuMillis)}</td>
                  <td>{gib(n.allocatable.memoryBytes)}</td>
                  <td className={n.overcommit && ((n.overcommit.cpu ?? 0) > 1 || (n.overcommit.memory ?? 0) > 1) ? 'warn-text' : ''}>CPU {pct(n.overcommit?.cpu)} · mem {pct(n.overcommit?.memory)}</td>
                  <td className="hint">{n.kubeletVersion ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        </section>
      )}

      {inv?.pods && (inv.pods.pending.length > 0 || inv.pods.crashLooping.length > 0 || (inv.workloads?.attention.length ?? 0) > 0) && (
        <section className="card">
          <h2>Needs attention</h2>
          <ul className="attention">
            {inv.pods.crashLooping.map((c) => (
              <li key={`${c.namespace}/${c.pod}/${c.container}`}><strong>CrashLoopBackOff</strong> {c.namespace}/{c.pod} ({c.container}): {c.restarts} restarts{c.lastTerminationReason ? `, last ${c.lastTerminationReason}` : ''}{c.lastExitCode != null ? ` (exit ${c.lastExitCode})` : ''}</li>
            ))}
            {inv.pods.pending.map((p) => (
              <li key={`${p.namespace}/${p.name}`}><strong>Pending</strong> {p.namespace}/{p.name}: {p.reason}{p.message ? ` (${p.message})` : ''}</li>
            ))}
            {inv.workloads?.attention.map((w) => (
              <li key={`${w.kind}/${w.namespace}/${w.name}`}><strong>{w.kind}</strong> {w.namespace}/{w.name}: {w.available}/{w.desired} available{w.conditions.map((c) => (c.message ? ` · ${c.message}` : '')).join('')}</li>
            ))}
          </ul>
        </section>
      )}

      {inv?.hpas && inv.hpas.length > 0 && (
        <section className="card">
          <h2 id="autoscalers-title">Autoscalers</h2>
          {/* a region the keyboard can scroll when the table is wider than the page (phones) */}
          <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="autoscalers-title">
          <table>
            <thead><tr><th scope="col">HPA</th><th scope="col">Target</th><th scope="col">Replicas (current / desired)</th><th scope="col">Range</th><th scope="col">State</th></tr></thead>
            <tbody>
              {inv.hpas.map((h) => (
                <tr key={`${h.namespace}/${h.name}`}>
                  <td>{h.namespace}/{h.name}</td>
                  <td className="hint">{h.target.kind}/{h.target.name}</td>
                  <td>{h.current} / {h.desired}</td>
                  <td>{h.min}–{h.max}</td>
                  <td>{h.atMax ? <span className="warn-text">at max{h.scalingLimited?.message ? `: ${h.scalingLimited.message}` : ''}</span> : <span className="hint">ok</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        </section>
      )}

      {inv?.warningEvents && (
        <section className="card">
          <h2 id="events-title">Warning events</h2>
          {inv.warningEvents.length === 0 ? (
            <p className="hint">None.</p>
          ) : (
            <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="events-title">
            <table>
              <thead><tr><th scope="col">Last seen</th><th scope="col">Object</th><th scope="col">Reason</th><th scope="col">Message</th><th scope="col">Count</th></tr></thead>
              <tbody>
                {inv.warningEvents.slice(0, 20).map((e, i) => (
                  <tr key={i}>
                    <td className="hint nowrap">{ago(e.lastSeen, now)}</td>
                    <td>{e.involvedObject.kind}/{e.involvedObject.namespace ? `${e.involvedObject.namespace}/` : ''}{e.involvedObject.name}</td>
                    <td><strong>{e.reason}</strong></td>
                    <td>{e.message}</td>
                    <td>{e.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            </div>
          )}
        </section>
      )}
    </>
  );
}
