'use client';

import { useDarkScheme } from '@/app/components/color-scheme';

// The SLO detail charts from GET /api/v1/slos/{id}/history: each complete hour's SLI against the
// objective, and the error budget burning down over the period (100% at its start, the zero line
// where it is spent). uPlot draws on a canvas, so the colours follow the colour scheme in JS.
import { useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { resolveRange } from '@/lib/time/time-range';
import { callApi } from '../components/api-client';
import { TimeRangePicker, useTimeRange } from '../components/time-range-picker';

interface HistoryPoint {
  t: string;
  sli: number | null;
  budgetRemaining: number;
}
interface History {
  objective: number;
  window: string;
  points: HistoryPoint[];
}

interface Line {
  label: string;
  values: (number | null)[];
  stroke: string;
  dash?: number[];
  fill?: string;
}

const pct = (v: number | null, digits: number) => (v == null ? '—' : `${v.toFixed(digits)}%`);

function Chart({ title, description, times, lines, range, digits, dark, testId }: { title: string; description: string; times: number[]; lines: Line[]; range: [number, number]; digits: number; dark: boolean; testId: string }) {
  const target = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = target.current;
    if (!element) return;
    const axis = { stroke: dark ? '#9aa4b1' : '#5b6470', grid: { stroke: dark ? '#2a3039' : '#e3e7ec' }, ticks: { stroke: dark ? '#2a3039' : '#e3e7ec' } };
    const size = () => ({ width: Math.max(240, element.clientWidth), height: 220 });
    const plot = new uPlot(
      {
        ...size(),
        scales: { x: { time: true }, y: { range: () => range } },
        series: [{}, ...lines.map((l) => ({ label: l.label, stroke: l.stroke, width: 1.75, dash: l.dash, fill: l.fill, spanGaps: false, value: (_u: uPlot, v: number | null) => pct(v, digits) }))],
        axes: [axis, { ...axis, size: 64, values: (_u, ticks) => ticks.map((v) => `${Number(v.toFixed(digits))}%`) }],
        legend: { live: true },
      },
      [times, ...lines.map((l) => l.values)],
      element,
    );
    const resize = new ResizeObserver(() => plot.setSize(size()));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [times, lines, range, digits, dark]);
  return (
    <figure className="chart slo-chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <div ref={target} role="img" aria-label={`${title}: ${description}`} />
    </figure>
  );
}

export function SloCharts({ sloId, clusterId, objective }: { sloId: string; clusterId: string; objective: number }) {
  const dark = useDarkScheme();
  // Hourly points: a week is the first default that shows a shape (a remembered range wins).
  const { range, setRange, problem } = useTimeRange({ kind: 'preset', preset: '7d' });
  return (
    <>
      <div className="slo-charts-range">
        <TimeRangePicker range={range} onChange={setRange} problem={problem} />
      </div>
      {range ? <SloChartsIn sloId={sloId} clusterId={clusterId} objective={objective} dark={dark} range={range} /> : <p className="hint">Loading the charts…</p>}
    </>
  );
}

/** The charts over the picked window: the history is queried again when the window changes. */
function SloChartsIn({ sloId, clusterId, objective, dark, range }: { sloId: string; clusterId: string; objective: number; dark: boolean; range: NonNullable<ReturnType<typeof useTimeRange>['range']> }) {
  const [state, setState] = useState<{ kind: 'loading' } | { kind: 'error'; status: number; message: string } | { kind: 'ok'; history: History }>({ kind: 'loading' });

  useEffect(() => {
    let cancelled = false;
    const span = resolveRange(range, Date.now());
    const query = new URLSearchParams({ cluster: clusterId, from: new Date(span.start).toISOString(), to: new Date(span.end).toISOString() });
    void callApi<History>('GET', `/api/v1/slos/${sloId}/history?${query}`).then((result) => {
      if (cancelled) return;
      setState(result.ok ? { kind: 'ok', history: result.data } : { kind: 'error', status: result.status, message: result.message });
    });
    return () => {
      cancelled = true;
    };
  }, [sloId, clusterId, range]);

  if (state.kind === 'loading') return <p className="hint">Loading the charts…</p>;
  if (state.kind === 'error') {
    return <p className={state.status === 409 ? 'hint' : 'error'}>{state.status === 409 ? 'No charts yet: the numbers have not been computed on this cluster.' : `The charts could not be loaded: ${state.message}`}</p>;
  }
  const points = state.history.points;
  if (points.length === 0) return <p className="hint">No complete hour in this time range: the charts show one point per complete hour (try 24h or 7d).</p>;
  return <ChartPair points={points} objective={objective} dark={dark} />;
}

function ChartPair({ points, objective, dark }: { points: HistoryPoint[]; objective: number; dark: boolean }) {
  // Stable inputs per history, so the charts are not rebuilt on every render.
  const data = useMemo(() => {
    const times = points.map((p) => Date.parse(p.t) / 1000);
    const sli = points.map((p) => (p.sli === null ? null : p.sli * 100));
    const budget = points.map((p) => p.budgetRemaining * 100);
    const known = sli.filter((v): v is number => v !== null);
    const lowest = Math.min(objective, ...known);
    // Room below the lowest hour (or the objective line), never below 0 or above 100.
    const sliRange: [number, number] = [Math.max(0, lowest - Math.max(0.05, (100 - lowest) * 0.25)), 100];
    const budgetLow = Math.min(0, ...budget);
    const budgetRange: [number, number] = [budgetLow < 0 ? budgetLow - 10 : -10, 105];
    const digits = Math.min(4, Math.max(1, (String(objective).split('.')[1]?.length ?? 0) + 1));
    return { times, sli, budget, sliRange, budgetRange, digits };
  }, [points, objective]);
  const [sliLines, budgetLines] = useMemo((): [Line[], Line[]] => {
    const colours = dark ? { sli: '#60a5fa', objective: '#ffb74d', budget: '#81c784', zero: '#ff8a80' } : { sli: '#2563eb', objective: '#a15c00', budget: '#2e7d32', zero: '#c62828' };
    return [
    [
      { label: 'SLI of the hour', values: data.sli, stroke: colours.sli },
      { label: `objective ${objective}%`, values: data.times.map(() => objective), stroke: colours.objective, dash: [6, 4] },
    ],
    [
      { label: 'budget left', values: data.budget, stroke: colours.budget, fill: dark ? 'rgba(129, 199, 132, 0.12)' : 'rgba(46, 125, 50, 0.08)' },
      { label: 'spent (0%)', values: data.times.map(() => 0), stroke: colours.zero, dash: [6, 4] },
    ],
    ];
  }, [data, dark, objective]);
  return (
    <div className="charts slo-charts">
      <Chart
        title="SLI per hour"
        description={`each complete hour's share of good events, with the objective of ${objective}% as a dashed line`}
        times={data.times}
        lines={sliLines}
        range={data.sliRange}
        digits={data.digits}
        dark={dark}
        testId="chart-sli"
      />
      <Chart
        title="Error budget burn-down"
        description="the budget left over the period, from 100% at its start; below the dashed zero line it is overspent"
        times={data.times}
        lines={budgetLines}
        range={data.budgetRange}
        digits={0}
        dark={dark}
        testId="chart-budget"
      />
    </div>
  );
}
