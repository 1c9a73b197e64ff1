'use client';

import { useDarkScheme } from '@/app/components/color-scheme';

import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { resolveRange, stepSeconds as stepFor, type TimeRange } from '@/lib/time/time-range';
import { callApi } from '../../components/api-client';
import { TimeRangePicker, useTimeRange } from '../../components/time-range-picker';

interface ChartSpec {
  title: string;
  unit: (v: number) => string;
  series: { label: string; query: string; color: string }[];
}

const CHARTS: ChartSpec[] = [
  {
    title: 'CPU (cores)',
    unit: (v) => v.toFixed(1),
    series: [
      { label: 'used', query: 'sum(rate(node_cpu_seconds_total{mode!~"idle|iowait|steal"}[5m]))', color: '#2e7d32' },
      { label: 'requested', query: 'sum(kube_pod_container_resource_requests{resource="cpu"})', color: '#b26a00' },
      { label: 'allocatable', query: 'sum(kube_node_status_allocatable{resource="cpu"})', color: '#607d8b' },
    ],
  },
  {
    title: 'Memory (GiB)',
    unit: (v) => (v / 2 ** 30).toFixed(1),
    series: [
      { label: 'used', query: 'sum(node_memory_MemTotal_bytes - node_memory_MemAvailable_bytes)', color: '#2e7d32' },
      { label: 'requested', query: 'sum(kube_pod_container_resource_requests{resource="memory"})', color: '#b26a00' },
      { label: 'allocatable', query: 'sum(kube_node_status_allocatable{resource="memory"})', color: '#607d8b' },
    ],
  },
  {
    title: 'Nodes and pods',
    unit: (v) => (Number.isInteger(v) ? String(v) : v.toFixed(1)),
    series: [
      { label: 'nodes not ready', query: 'count(kube_node_status_condition{condition="Ready",status!="true"} == 1) or vector(0)', color: '#c62828' },
      { label: 'pods not running', query: 'sum(kube_pod_status_phase{phase!~"Running|Succeeded"}) or vector(0)', color: '#b26a00' },
    ],
  },
  {
    title: 'API server (requests/s)',
    unit: (v) => v.toFixed(1),
    series: [
      { label: 'all', query: 'sum(rate(apiserver_request_total[5m]))', color: '#2563eb' },
      { label: '5xx', query: 'sum(rate(apiserver_request_total{code=~"5.."}[5m])) or vector(0)', color: '#c62828' },
    ],
  },
];

/** One chart: a range query per series, aligned on the same timestamps. */
function Chart({ clusterId, spec, range }: { clusterId: string; spec: ChartSpec; range: TimeRange }) {
  const target = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string>();
  const dark = useDarkScheme();

  useEffect(() => {
    let plot: uPlot | undefined;
    let cancelled = false;
    const span = resolveRange(range, Date.now());
    const end = new Date(span.end);
    const start = new Date(span.start);
    const stepSeconds = stepFor(span.start, span.end);
    void Promise.all(
      spec.series.map((s) =>
        callApi<{ series: { points: [number, number][] }[] }>('POST', `/api/v1/clusters/${clusterId}/query_range`, {
          query: s.query,
          start: start.toISOString(),
          end: end.toISOString(),
          stepSeconds,
        }),
      ),
    ).then((results) => {
      if (cancelled || !target.current) return;
      const failed = results.find((r) => !r.ok);
      if (failed && !failed.ok) {
        setError(failed.issues.map((i) => i.message).join('; ') || failed.message);
        return;
      }
      setError(undefined);
      // Align every series on the union of timestamps (seconds for uPlot).
      const maps = results.map((r) => new Map((r.ok ? r.data.series[0]?.points ?? [] : []).map(([t, v]) => [Math.round(t / 1000), v])));
      const times = [...new Set(maps.flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
      const data: uPlot.AlignedData = [times, ...maps.map((m) => times.map((t) => m.get(t) ?? null))];
      const axis = { stroke: dark ? '#9aa4b1' : '#5b6470', grid: { stroke: dark ? '#2a3039' : '#e3e7ec' }, ticks: { stroke: dark ? '#2a3039' : '#e3e7ec' } };
      plot = new uPlot(
        {
          width: target.current.clientWidth,
          height: 180,
          // The window asked for, even where Prometheus has no data (yet).
          scales: { x: { time: true, range: [start.getTime() / 1000, end.getTime() / 1000] } },
          series: [{}, ...spec.series.map((s) => ({ label: s.label, stroke: s.color, width: 1.5, value: (_u: uPlot, v: number | null) => (v == null ? '—' : spec.unit(v)) }))],
          axes: [axis, { ...axis, values: (_u, ticks) => ticks.map((t) => spec.unit(t)) }],
          legend: { live: true },
        },
        data,
        target.current,
      );
    });
    return () => {
      cancelled = true;
      plot?.destroy();
    };
  }, [clusterId, spec, range, dark]);

  return (
    <figure className="chart">
      <figcaption>{spec.title}</figcaption>
      {error ? <p className="error">{error}</p> : <div ref={target} />}
    </figure>
  );
}

/** Charts over a chosen time range, queried from the cluster's Prometheus. */
export function ClusterCharts({ clusterId }: { clusterId: string }) {
  const { range, setRange, problem } = useTimeRange();
  return (
    <section className="card" aria-labelledby="charts-title">
      <div className="page-head">
        <h2 id="charts-title">Charts</h2>
        <TimeRangePicker range={range} onChange={setRange} problem={problem} />
      </div>
      <div className="charts">
        {range && CHARTS.map((spec) => <Chart key={spec.title} clusterId={clusterId} spec={spec} range={range} />)}
      </div>
    </section>
  );
}
