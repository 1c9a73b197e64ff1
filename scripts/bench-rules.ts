// npm run bench:rules [-- --clusters 100 --rules 50 --cycles 5]
// N simulated clusters behind ONE real Prometheus (selector mode), M alert rules in one group,
// evaluated the way the worker does: every cluster concurrently, the group's rules in order per
// cluster, with the engine's own evaluateAlertRule (query, templates, state machine). Prints per
// cycle the wall time, the time spent waiting for Prometheus, the engine's own CPU per rule
// evaluation, and at the end RSS and Prometheus's CPU. The simulation runs in a child process.
// State is kept in memory here; the worker writes to PostgreSQL only on transitions (counted).
import { parseArgs } from 'node:util';
import { ClusterClients } from '../lib/collect/cluster-clients';
import type { AlertInstance } from '../lib/rules/engine/types';
import { systemClock } from '../lib/time/clock';
import { benchRules, evaluateCycle, percentile, procStat, startSimulation } from './bench-support';

const { values } = parseArgs({
  options: { clusters: { type: 'string', default: '100' }, rules: { type: 'string', default: '50' }, cycles: { type: 'string', default: '5' }, 'settle-seconds': { type: 'string', default: '20' } },
});
const clusterCount = Number(values.clusters);
const ruleCount = Number(values.rules);
const cycles = Math.min(20, Number(values.cycles));

async function main() {
  const simulation = await startSimulation(clusterCount, Number(values['settle-seconds']));
  try {
    const inputs = simulation.clusters;
    const series = await simulation.seriesCount();
    const promPid = simulation.prometheusPid;
    const rules = benchRules(ruleCount);
    const clients = new ClusterClients({ timeoutMs: 10_000, clock: systemClock });
    const state = new Map<string, ReadonlyMap<string, AlertInstance>>();
    const promBefore = await procStat(promPid);
    const rows: string[] = [];
    for (let cycle = 1; cycle <= cycles; cycle++) {
      const { wallMs: wall, perClusterMs: perCluster, queryMs, cpu, transitions, failures, firing } = await evaluateCycle(inputs, rules, clients, state);
      const evaluations = inputs.length * rules.length;
      const cpuUsPerEval = (cpu.user + cpu.system) / evaluations;
      const sorted = perCluster.sort((a, b) => a - b);
      rows.push(
        `| ${cycle} | ${(wall / 1000).toFixed(2)} s | ${(percentile(sorted, 50) / 1000).toFixed(2)} s | ${(percentile(sorted, 99) / 1000).toFixed(2)} s | ${(queryMs / evaluations).toFixed(1)} ms | ${(cpuUsPerEval / 1000).toFixed(2)} ms | ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s | ${transitions} | ${firing} | ${failures} |`,
      );
      console.log(rows.at(-1));
    }
    const promAfter = await procStat(promPid);
    const self = await procStat(process.pid);
    console.log(`\nclusters: ${inputs.length}, rules: ${rules.length}, rule evaluations per cycle: ${inputs.length * rules.length}, series in Prometheus: ${series}`);
    console.log('| cycle | wall time | per-cluster p50 | per-cluster p99 | Prometheus time per query | engine CPU per evaluation | engine CPU | transitions | firing | failed |');
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const row of rows) console.log(row);
    console.log(`engine RSS after ${cycles} cycles: ${self.rssMiB.toFixed(0)} MiB`);
    console.log(`Prometheus: ${(promAfter.cpuSeconds - promBefore.cpuSeconds).toFixed(1)} CPU-s during the ${cycles} cycles (scrapes included), RSS ${promAfter.rssMiB.toFixed(0)} MiB`);
  } finally {
    await simulation.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
