// npm run bench:collect [-- --clusters 100 --cycles 5]
// N simulated clusters behind ONE real Prometheus (selector mode, like a shared Thanos/Mimir),
// each with its Kubernetes API stand-in. Polls them all the way the worker does (Prometheus
// summary + Kubernetes inventory, all clusters concurrently) and prints, per cycle: wall time,
// per-cluster latency p50/p99, CPU of the poller, and at the end the poller's RSS and
// Prometheus's CPU and RSS. The simulation runs in a child process, so its cost is not counted.
import { parseArgs } from 'node:util';
import { ClusterClients } from '../lib/collect/cluster-clients';
import { pollCluster } from '../lib/collect/poll-cluster';
import { systemClock } from '../lib/time/clock';
import { percentile, procStat, startSimulation } from './bench-support';

const { values } = parseArgs({ options: { clusters: { type: 'string', default: '100' }, cycles: { type: 'string', default: '5' }, 'settle-seconds': { type: 'string', default: '20' } } });
const clusterCount = Number(values.clusters);
const cycles = Math.min(20, Number(values.cycles));

async function main() {
  const simulation = await startSimulation(clusterCount, Number(values['settle-seconds']));
  try {
    const inputs = simulation.clusters;
    const promPid = simulation.prometheusPid;
    const series = await simulation.seriesCount();

    const clients = new ClusterClients({ timeoutMs: 10_000, clock: systemClock });
    const deps = { clients, clock: systemClock, timeoutMs: 10_000 };
    const promBefore = promPid ? await procStat(promPid) : undefined;
    const rows: string[] = [];
    for (let cycle = 1; cycle <= cycles; cycle++) {
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      const results = await Promise.all(
        inputs.map(async (cluster) => {
          const t0 = performance.now();
          const { snapshot } = await pollCluster(deps, cluster);
          return { ms: performance.now() - t0, status: snapshot.status, errors: snapshot.errors.length };
        }),
      );
      const wall = performance.now() - started;
      const cpu = process.cpuUsage(cpuBefore);
      const latencies = results.map((r) => r.ms).sort((a, b) => a - b);
      const unhealthy = results.filter((r) => r.status !== 'healthy').length;
      const errors = results.reduce((n, r) => n + r.errors, 0);
      rows.push(
        `| ${cycle} | ${(wall / 1000).toFixed(2)} s | ${percentile(latencies, 50).toFixed(0)} ms | ${percentile(latencies, 99).toFixed(0)} ms | ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s | ${unhealthy} | ${errors} |`,
      );
      console.log(rows.at(-1));
    }
    const promAfter = promPid ? await procStat(promPid) : undefined;
    const self = await procStat(process.pid);
    console.log(`\nclusters: ${inputs.length}, series in Prometheus: ${series}, queries per cycle: ${inputs.length * 16}, Kubernetes list calls per cycle: ${inputs.length * 8}`);
    console.log('| cycle | wall time | per-cluster p50 | per-cluster p99 | poller CPU | not healthy | errors |');
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    for (const row of rows) console.log(row);
    console.log(`poller RSS after ${cycles} cycles: ${self.rssMiB.toFixed(0)} MiB`);
    if (promBefore && promAfter) {
      console.log(`Prometheus: ${(promAfter.cpuSeconds - promBefore.cpuSeconds).toFixed(1)} CPU-s during the ${cycles} cycles (scrapes included), RSS ${promAfter.rssMiB.toFixed(0)} MiB`);
    }
  } finally {
    await simulation.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
