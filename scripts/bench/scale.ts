// Section "scale": the largest N clusters x M rules one worker evaluates with every group on time,
// by a bounded search over N (default 25, 50, 100, 200) with M rules (default 50). Each point runs
// in its own process (scripts/bench/scale-run.ts: the machinery of scripts/bench-rules.ts) with a
// fresh simulation of N clusters behind one real Prometheus. A point is "on time" for an interval
// when no cluster's evaluation of the group took longer than the interval in any cycle: the
// worker evaluates each (group, cluster) pair on its own slots and skips (counts as missed) a slot
// while the pair's previous evaluation still runs, so that is exactly "no missed slots".
// The search stops at the first N that misses the default 1m interval; when even the largest N
// (200, the simulation's limit) is on time, the rule count grows at that N (default 100, 200, 300).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fixed, markdownTable, progress, ROOT, round } from './common';

export interface ScaleOptions {
  clusters: number[];
  rules: number;
  /** When the largest N is on time at 1m, these rule counts are tried at that N (ascending). */
  extraRules: number[];
  cycles: number;
}

interface Cycle {
  cycle: number;
  wallS: number;
  perClusterP50S: number;
  perClusterP99S: number;
  perClusterMaxS: number;
  observedQueryMs: number;
  prometheusExecMs: number;
  prometheusQueueMs: number;
  overheadBeyondPrometheusMs: number;
  engineCpuMsPerEvaluation: number;
  engineCpuS: number;
  transitions: number;
  firing: number;
  failures: number;
  /** The simulation's exporter was still scraped successfully after the cycle. */
  simulationUp: boolean;
}

interface Point {
  clusters: number;
  rules: number;
  evaluationsPerCycle: number;
  series: number;
  cycles: Cycle[];
  engineRssMiB: number;
  engineCpuS: number;
  prometheusCpuS: number;
  prometheusRssMiB: number;
}

const INTERVALS_S = [60, 30, 15];
/** A point must finish within this (simulation start, settling, cycles, stop). */
const POINT_TIMEOUT_MS = 8 * 60_000;

function runPoint(clusters: number, rules: number, cycles: number): Promise<Point> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'scripts', 'bench', 'scale-run.ts'), '--clusters', String(clusters), '--rules', String(rules), '--cycles', String(cycles)],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let result: Point | undefined;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('RESULT ')) result = JSON.parse(line.slice('RESULT '.length)) as Point;
    });
    const timer = setTimeout(() => {
      progress(`scale: N=${clusters} did not finish in ${POINT_TIMEOUT_MS / 60_000} min; stopping it`);
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
    }, POINT_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (result) resolve(result);
      else reject(new Error(`scale-run for ${clusters} clusters exited (${code}) without a result`));
    });
  });
}

export async function runScale(options: ScaleOptions) {
  const points: Array<Point & { maxClusterSeconds: number; steadyMaxClusterSeconds: number; onTime: Record<string, boolean> }> = [];
  /** Runs one point; false when it misses the 1m interval (the search stops there). */
  const measure = async (clusters: number, rules: number) => {
    progress(`scale: ${clusters} clusters x ${rules} rules, ${options.cycles} cycles`);
    let point = await runPoint(clusters, rules, options.cycles);
    if (point.cycles.some((c) => !c.simulationUp)) {
      progress(`scale: the simulation of ${clusters} clusters stopped being scraped during the run; running the point again`);
      point = await runPoint(clusters, rules, options.cycles);
    }
    const maxClusterSeconds = Math.max(...point.cycles.map((c) => c.perClusterMaxS));
    // NaN when the point stopped after its first cycle (slower than 1m).
    const steadyMaxClusterSeconds = point.cycles.length > 1 ? Math.max(...point.cycles.slice(1).map((c) => c.perClusterMaxS)) : NaN;
    const failures = point.cycles.reduce((n, c) => n + c.failures, 0);
    if (point.cycles.some((c) => !c.simulationUp)) throw new Error(`scale: the simulation of ${clusters} clusters stopped being scraped during the run; its figures would be void`);
    const onTime = Object.fromEntries(INTERVALS_S.map((s) => [`${s}s`, failures === 0 && point.cycles.length === options.cycles && maxClusterSeconds < s]));
    points.push({ ...point, maxClusterSeconds, steadyMaxClusterSeconds, onTime });
    if (!onTime['60s']) progress(`scale: ${clusters} x ${rules} misses the 1m interval; stopping the search`);
    return onTime['60s']!;
  };
  const sizes = [...options.clusters].sort((a, b) => a - b);
  let allOnTime = true;
  for (const clusters of sizes) {
    if (!(await measure(clusters, options.rules))) {
      allOnTime = false;
      break;
    }
  }
  // Every N was on time: grow the rules at the largest N instead (the simulation stops at 200 clusters).
  if (allOnTime) {
    for (const rules of [...options.extraRules].filter((m) => m > options.rules).sort((a, b) => a - b)) {
      if (!(await measure(sizes.at(-1)!, rules))) break;
    }
  }
  const largest = (interval: string) => {
    const best = points.filter((p) => p.onTime[interval]).sort((a, b) => b.evaluationsPerCycle - a.evaluationsPerCycle)[0];
    return best ? { clusters: best.clusters, rules: best.rules, evaluationsPerCycle: best.evaluationsPerCycle } : null;
  };
  const largestOnTime = Object.fromEntries(INTERVALS_S.map((s) => [`${s}s`, largest(`${s}s`)]));
  const describe = (p: ReturnType<typeof largest>) => (p ? `${p.clusters} x ${p.rules} (${p.evaluationsPerCycle} evaluations)` : 'none');
  /** Mean over the cycles after the first (V8 warmed up, the first cycle's mass of new pending instances behind). */
  const avg = (p: Point, key: keyof Cycle, from = 1) => {
    const cycles = p.cycles.slice(Math.min(from, p.cycles.length - 1));
    return cycles.reduce((n, c) => n + (c[key] as number), 0) / cycles.length;
  };
  const table = markdownTable(
    ['clusters x rules', 'evaluations / cycle', 'series', 'slowest cluster, cycle 1', 'slowest cluster, later cycles', 'on time at 1m / 30s / 15s', 'query as seen*', 'Prometheus exec + queue per query*', 'overhead beyond Prometheus per evaluation*', 'engine CPU per evaluation*', 'engine CPU-s per cycle*', 'engine RSS', 'Prometheus CPU-s (run)', 'Prometheus RSS'],
    points.map((p) => [
      `${p.clusters} x ${p.rules}`,
      p.evaluationsPerCycle,
      p.series,
      `${fixed(p.cycles[0]!.perClusterMaxS, 1)} s`,
      Number.isFinite(p.steadyMaxClusterSeconds) ? `${fixed(p.steadyMaxClusterSeconds, 1)} s` : 'stopped after cycle 1',
      INTERVALS_S.map((s) => (p.onTime[`${s}s`] ? 'yes' : 'no')).join(' / '),
      `${fixed(avg(p, 'observedQueryMs'), 1)} ms`,
      `${fixed(avg(p, 'prometheusExecMs'), 1)} + ${fixed(avg(p, 'prometheusQueueMs'), 1)} ms`,
      `${fixed(avg(p, 'overheadBeyondPrometheusMs'), 1)} ms`,
      `${fixed(avg(p, 'engineCpuMsPerEvaluation'), 2)} ms`,
      fixed(avg(p, 'engineCpuS'), 2),
      `${fixed(p.engineRssMiB, 0)} MiB`,
      fixed(p.prometheusCpuS, 1),
      `${fixed(p.prometheusRssMiB, 0)} MiB`,
    ]),
  );
  const summary = `Columns marked * are means over cycles 2 and later (V8 warm, the first cycle's burst of new pending instances behind), or cycle 1 when a point stopped there.\n\nLargest point on time (every cluster's evaluation of the group shorter than the interval in every cycle, so no missed slot): 1m: ${describe(largestOnTime['60s']!)}; 30s: ${describe(largestOnTime['30s']!)}; 15s: ${describe(largestOnTime['15s']!)}. Searched ${options.clusters.join(', ')} clusters x ${options.rules} rules, then ${options.extraRules.join(', ')} rules at the largest N while on time; the search stops at the first point that misses 1m.`;
  return {
    rules: options.rules,
    cyclesPerPoint: options.cycles,
    searched: { clusters: options.clusters, rules: options.rules, extraRulesAtLargestN: options.extraRules },
    largestOnTime,
    points: points.map((p) => ({ ...p, maxClusterSeconds: round(p.maxClusterSeconds, 2), steadyMaxClusterSeconds: round(p.steadyMaxClusterSeconds, 2) })),
    markdown: `${table}\n\n${summary}`,
  };
}
