// Shared by the benchmarks: /proc figures, percentiles, and the simulated clusters behind one
// real Prometheus (scripts/demo-cluster-sim.ts in a child process, so its cost is not counted).
import { execFileSync, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { clusterInputSchema, type ClusterInput } from '../lib/clusters/cluster-schema';

const root = path.resolve(import.meta.dirname, '..');

/** CPU seconds (user + system) and RSS of a process, from /proc. */
export async function procStat(pid: number) {
  const stat = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const ticks = Number(stat[11]) + Number(stat[12]); // utime + stime, in clock ticks (100/s)
  return { cpuSeconds: ticks / 100, rssMiB: Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024 };
}

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export interface Simulation {
  prometheusUrl: string;
  /** The simulation's Prometheus process, for its CPU and RSS. */
  prometheusPid: number;
  clusters: Array<{ id: string; input: ClusterInput }>;
  /** Series the simulated exporter has in Prometheus now. */
  seriesCount(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts `count` simulated clusters behind one Prometheus and waits `settleSeconds` of scrapes. */
export async function startSimulation(count: number, settleSeconds: number): Promise<Simulation> {
  const sim = spawn(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(root, 'scripts', 'demo-cluster-sim.ts'), '--clusters', String(count)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = async () => {
    if (sim.exitCode !== null) return;
    sim.kill('SIGTERM');
    await new Promise((resolve) => sim.once('exit', resolve));
  };
  try {
    const firstLine = await new Promise<string>((resolve, reject) => {
      createInterface({ input: sim.stdout! }).once('line', resolve);
      sim.once('exit', (code) => reject(new Error(`simulation exited (${code}) before it was ready`)));
    });
    const { prometheusUrl, clusters } = JSON.parse(firstLine) as { prometheusUrl: string; clusters: unknown[] };
    // The simulation's Prometheus, found by the address it listens on.
    const prometheusPid = Number(execFileSync('pgrep', ['-f', `listen-address=${new URL(prometheusUrl).host}`]).toString().trim().split('\n')[0]);
    console.log(`${clusters.length} clusters behind ${prometheusUrl}; letting Prometheus scrape for ${settleSeconds} s...`);
    await new Promise((resolve) => setTimeout(resolve, settleSeconds * 1000));
    return {
      prometheusUrl,
      prometheusPid,
      clusters: clusters.map((c, i) => ({ id: `bench-${i}`, input: clusterInputSchema.parse(c) })),
      seriesCount: async () => Number((await (await fetch(`${prometheusUrl}/api/v1/query?query=count({job="kubewatch-demo"})`)).json()).data.result[0]?.value[1]),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
