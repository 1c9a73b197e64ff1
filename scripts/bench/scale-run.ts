// One point of the "scale" section, in its own process so its CPU and RSS are its own:
//   npx tsx scripts/bench/scale-run.ts --clusters 100 --rules 50 --cycles 3
// N simulated clusters behind ONE real Prometheus (scripts/bench-support.ts startSimulation),
// M alert rules in one group, evaluated like the worker does (every cluster concurrently, the
// group's rules in order per cluster, the engine's own evaluateAlertRule). Cycles run back to
// back (no idle time between them, so Prometheus never rests: a conservative stand-in for
// slots). Prints progress on stderr and one line `RESULT {json}` on stdout.
//
// The rule shapes and the cycle are scripts/bench-support.ts's benchRules and evaluateCycle, as
// bench:rules uses them, so the figures compare. Added:
// Prometheus's own query time (from its prometheus_engine_query_duration_seconds summary) so the
// overhead beyond it can be told apart, and per-cycle figures in JSON.
import { parseArgs } from 'node:util';
import { ClusterClients } from '../../lib/collect/cluster-clients';
import type { AlertInstance } from '../../lib/rules/engine/types';
import { systemClock } from '../../lib/time/clock';
import { benchRules, evaluateCycle, percentile, procStat, startSimulation, type Simulation } from '../bench-support';
import { stopOrphanedPrometheus } from './common';

const { values } = parseArgs({
  options: {
    clusters: { type: 'string', default: '100' },
    rules: { type: 'string', default: '50' },
    cycles: { type: 'string', default: '3' },
    'settle-seconds': { type: 'string', default: '20' },
  },
});
const clusterCount = Number(values.clusters);
const ruleCount = Number(values.rules);
const cycles = Math.min(10, Number(values.cycles));
/** A cycle slower than the default interval (1m) already answers the question: stop there. */
const MAX_INTERVAL_S = 60;

/** Prometheus's own query figures so far: seconds per slice and the number of queries. */
async function engineTotals(prometheusUrl: string) {
  const text = await (await fetch(`${prometheusUrl}/metrics`)).text();
  const get = (series: string) => Number(new RegExp(`^${series.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  const slice = (name: string) => get(`prometheus_engine_query_duration_seconds_sum{slice="${name}"}`);
  return {
    queries: get('prometheus_engine_query_duration_seconds_count{slice="inner_eval"}'),
    execSeconds: slice('prepare_time') + slice('inner_eval') + slice('result_sort'),
    queueSeconds: slice('queue_time'),
  };
}

/** Whether Prometheus's last scrape of the simulation's exporter succeeded (if the simulation
 *  process died, its series would go stale and the queries would get cheap: such a cycle is void). */
async function exporterUp(prometheusUrl: string): Promise<boolean> {
  try {
    const body = (await (await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent('min(up{job="kubewatch-demo"})')}`)).json()) as { data?: { result?: Array<{ value: [number, string] }> } };
    return body.data?.result?.[0]?.value[1] === '1';
  } catch {
    return false;
  }
}

let simulation: Simulation | undefined;
const stopOnSignal = () => {
  void (simulation?.stop() ?? Promise.resolve()).finally(() => process.exit(143));
};
process.once('SIGTERM', stopOnSignal);
process.once('SIGINT', stopOnSignal);

async function main() {
  simulation = await startSimulation(clusterCount, Number(values['settle-seconds']));
  try {
    const inputs = simulation.clusters;
    const series = await simulation.seriesCount();
    const rules = benchRules(ruleCount);
    const clients = new ClusterClients({ timeoutMs: 10_000, clock: systemClock });
    const state = new Map<string, ReadonlyMap<string, AlertInstance>>();
    const promBefore = await procStat(simulation.prometheusPid);
    const selfBefore = await procStat(process.pid);
    const perCycle = [];
    for (let cycle = 1; cycle <= cycles; cycle++) {
      const engineBefore = await engineTotals(simulation.prometheusUrl);
      const { wallMs, perClusterMs: perCluster, queryMs, cpu, transitions, failures, firing } = await evaluateCycle(inputs, rules, clients, state);
      const engineAfter = await engineTotals(simulation.prometheusUrl);
      const evaluations = inputs.length * rules.length;
      const promQueries = Math.max(1, engineAfter.queries - engineBefore.queries);
      const sorted = perCluster.sort((a, b) => a - b);
      const row = {
        cycle,
        wallS: wallMs / 1000,
        perClusterP50S: percentile(sorted, 50) / 1000,
        perClusterP99S: percentile(sorted, 99) / 1000,
        perClusterMaxS: sorted.at(-1)! / 1000,
        /** Per query as the engine sees it: HTTP, JSON, queueing on both sides included. */
        observedQueryMs: queryMs / evaluations,
        /** Prometheus's own time per query: prepare + evaluation + sort (its engine metrics). */
        prometheusExecMs: ((engineAfter.execSeconds - engineBefore.execSeconds) * 1000) / promQueries,
        /** Time queries waited in Prometheus's query queue (--query.max-concurrency, 20). */
        prometheusQueueMs: ((engineAfter.queueSeconds - engineBefore.queueSeconds) * 1000) / promQueries,
        /** Wall time per evaluation of one cluster's sequence beyond Prometheus's exec + queue time. */
        overheadBeyondPrometheusMs: 0,
        engineCpuMsPerEvaluation: (cpu.user + cpu.system) / 1000 / evaluations,
        engineCpuS: (cpu.user + cpu.system) / 1e6,
        transitions,
        firing,
        failures,
        simulationUp: await exporterUp(simulation.prometheusUrl),
      };
      row.overheadBeyondPrometheusMs = sorted.reduce((a, b) => a + b, 0) / evaluations - row.prometheusExecMs - row.prometheusQueueMs;
      perCycle.push(row);
      if (row.perClusterMaxS > MAX_INTERVAL_S) {
        process.stderr.write(`  N=${inputs.length} cycle ${cycle}: ${row.wallS.toFixed(2)} s, longer than ${MAX_INTERVAL_S} s: no more cycles\n`);
        break;
      }
      process.stderr.write(`  N=${inputs.length} cycle ${cycle}: ${row.wallS.toFixed(2)} s, query ${row.observedQueryMs.toFixed(1)} ms (Prometheus exec ${row.prometheusExecMs.toFixed(1)} ms + queue ${row.prometheusQueueMs.toFixed(1)} ms), engine CPU ${row.engineCpuMsPerEvaluation.toFixed(2)} ms/eval, ${transitions} transitions, ${failures} failed${row.simulationUp ? '' : ', SIMULATION DOWN'}\n`);
    }
    const promAfter = await procStat(simulation.prometheusPid);
    const self = await procStat(process.pid);
    const result = {
      clusters: inputs.length,
      rules: rules.length,
      evaluationsPerCycle: inputs.length * rules.length,
      series,
      cycles: perCycle,
      engineRssMiB: self.rssMiB,
      engineCpuS: self.cpuSeconds - selfBefore.cpuSeconds,
      prometheusCpuS: promAfter.cpuSeconds - promBefore.cpuSeconds,
      prometheusRssMiB: promAfter.rssMiB,
    };
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  } finally {
    await simulation.stop();
    await stopOrphanedPrometheus(simulation.prometheusPid, simulation.prometheusUrl);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
