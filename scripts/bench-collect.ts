// npm run bench:collect [-- --clusters 100 --cycles 5]
// N simulated clusters behind ONE real Prometheus (selector mode, like a shared Thanos/Mimir),
// each with its Kubernetes API stand-in. Polls them all the way the worker does (Prometheus
// summary + Kubernetes inventory, all clusters concurrently) and prints, per cycle: wall time,
// per-cluster latency p50/p99, CPU of the poller, and at the end the poller's RSS and
// Prometheus's CPU and RSS. The simulation runs in a child process, so its cost is not counted.
import { execFileSync, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { ClusterClients } from '../lib/collect/cluster-clients';
import { pollCluster } from '../lib/collect/poll-cluster';
import { clusterInputSchema } from '../lib/clusters/cluster-schema';
import { systemClock } from '../lib/time/clock';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { clusters: { type: 'string', default: '100' }, cycles: { type: 'string', default: '5' }, 'settle-seconds': { type: 'string', default: '20' } } });
const clusterCount = Number(values.clusters);
const cycles = Math.min(20, Number(values.cycles));

async function procStat(pid: number) {
  const stat = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const ticks = Number(stat[11]) + Number(stat[12]); // utime + stime, in clock ticks (100/s)
  return { cpuSeconds: ticks / 100, rssMiB: Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024 };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function main() {
  const sim = spawn(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(root, 'scripts', 'demo-cluster-sim.ts'), '--clusters', String(clusterCount)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const firstLine = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: sim.stdout! });
      lines.once('line', resolve);
      sim.once('exit', (code) => reject(new Error(`simulation exited (${code}) before it was ready`)));
    });
    const { prometheusUrl, clusters } = JSON.parse(firstLine) as { prometheusUrl: string; clusters: unknown[] };
    const inputs = clusters.map((c, i) => ({ id: `bench-${i}`, input: clusterInputSchema.parse(c) }));
    // The simulation's Prometheus, found by the address it listens on.
    const promPid = Number(execFileSync('pgrep', ['-f', `listen-address=${new URL(prometheusUrl).host}`]).toString().trim().split('\n')[0]);
    console.log(`${inputs.length} clusters behind ${prometheusUrl}; letting Prometheus scrape for ${values['settle-seconds']} s...`);
    await new Promise((resolve) => setTimeout(resolve, Number(values['settle-seconds']) * 1000));
    const series = Number((await (await fetch(`${prometheusUrl}/api/v1/query?query=count({job="kubewatch-demo"})`)).json()).data.result[0]?.value[1]);

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
    sim.kill('SIGTERM');
    await new Promise((resolve) => sim.once('exit', resolve));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
