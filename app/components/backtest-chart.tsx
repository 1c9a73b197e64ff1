'use client';

import { useDarkScheme } from '@/app/components/color-scheme';

// The backtested expression's series as a uPlot chart, with the times the rule would have been
// pending (amber) or firing (red) shaded behind the lines by a drawClear hook.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  labels: Record<string, string>;
  points: [number, number][];
}
export interface ChartInterval {
  state: 'pending' | 'firing';
  start: string;
  end: string | null;
}

const PALETTE = ['#2563eb', '#2e7d32', '#8e24aa', '#00838f', '#6d4c41', '#5c6bc0', '#ef6c00', '#546e7a'];
const SHADE = { pending: 'rgba(245, 158, 11, 0.22)', firing: 'rgba(220, 38, 38, 0.22)' } as const;

export const seriesName = (labels: Record<string, string>) => {
  const entries = Object.entries(labels).filter(([k]) => k !== '__name__');
  return `${labels.__name__ ?? ''}{${entries.map(([k, v]) => `${k}="${v}"`).join(', ')}}`;
};

const formatValue = (v: number) => (Math.abs(v) >= 1000 || Number.isInteger(v) ? String(Math.round(v * 100) / 100) : v.toPrecision(3));

/** Shades each interval (ms) across the plot area, under the series. */
function shadingPlugin(intervals: ChartInterval[], rangeEndMs: number): uPlot.Plugin {
  return {
    hooks: {
      drawClear: (u) => {
        const { ctx, bbox } = u;
        ctx.save();
        // Firing on top of pending where both overlap (different instances).
        for (const state of ['pending', 'firing'] as const) {
          ctx.fillStyle = SHADE[state];
          for (const interval of intervals) {
            if (interval.state !== state) continue;
            const from = u.valToPos(Date.parse(interval.start) / 1000, 'x', true);
            const to = u.valToPos((interval.end ? Date.parse(interval.end) : rangeEndMs) / 1000, 'x', true);
            const left = Math.max(bbox.left, from);
            const right = Math.min(bbox.left + bbox.width, Math.max(to, from + 2));
            if (right > left) ctx.fillRect(left, bbox.top, right - left, bbox.height);
          }
        }
        ctx.restore();
      },
    },
  };
}

export function BacktestChart({ series, intervals, startMs, endMs, label }: { series: ChartSeries[]; intervals: ChartInterval[]; startMs: number; endMs: number; label: string }) {
  const target = useRef<HTMLDivElement>(null);
  const dark = useDarkScheme();

  useEffect(() => {
    const element = target.current;
    if (!element) return;
    const maps = series.map((s) => new Map(s.points.map(([t, v]) => [Math.round(t / 1000), v])));
    const times = [...new Set(maps.flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
    const data: uPlot.AlignedData = [times, ...maps.map((m) => times.map((t) => m.get(t) ?? null))];
    const axis = { stroke: dark ? '#9aa4b1' : '#5b6470', grid: { stroke: dark ? '#2a3039' : '#e3e7ec' }, ticks: { stroke: dark ? '#2a3039' : '#e3e7ec' } };
    const plot = new uPlot(
      {
        width: Math.max(260, element.clientWidth),
        height: 220,
        scales: { x: { time: true, range: [startMs / 1000, endMs / 1000] } },
        series: [
          {},
          ...series.map((s, i) => ({ label: seriesName(s.labels), stroke: PALETTE[i % PALETTE.length], width: 1.5, value: (_u: uPlot, v: number | null) => (v == null ? '—' : formatValue(v)) })),
        ],
        axes: [axis, { ...axis, size: 56, values: (_u, ticks) => ticks.map(formatValue) }],
        // Many series: the legend scrolls (CSS) instead of pushing the page down.
        legend: { live: true },
        plugins: [shadingPlugin(intervals, endMs)],
      },
      data,
      element,
    );
    // The plot is the image; the legend beside it stays a table that screen readers can read and,
    // since it scrolls when there are many series, that the keyboard can focus and scroll.
    const wrap = plot.root.querySelector('.u-wrap');
    wrap?.setAttribute('role', 'img');
    wrap?.setAttribute('aria-label', `${label}: ${series.length} series; pending and firing times shaded`);
    const legend = plot.root.querySelector<HTMLElement>('.u-legend');
    if (legend) {
      legend.tabIndex = 0;
      legend.setAttribute('aria-label', `${label}: series`);
    }
    // Follow the container's width (phone rotation, sidebar collapse).
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(260, element.clientWidth), height: 220 }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [series, intervals, startMs, endMs, label, dark]);

  return (
    <figure className="chart backtest-chart">
      <figcaption>
        {label}{' '}
        <span className="shade-key">
          <span className="swatch swatch-pending" aria-hidden="true" /> pending <span className="swatch swatch-firing" aria-hidden="true" /> firing
        </span>
      </figcaption>
      <div ref={target} />
    </figure>
  );
}
