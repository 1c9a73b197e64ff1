// Simulated clusters on loopback for demos, tests and benchmarks:
//   npx tsx scripts/demo-cluster-sim.ts [--clusters 3 | --clusters demo-eu-1,demo-us-1] [--seed 1]
//       [--prometheus-port N] [--exporter-port N] [--kube-port-base N]
// Prints one line of JSON on stdout, {"prometheusUrl", "exporterUrl", "clusters": [registration, ...]},
// where each registration is a valid POST /api/v1/clusters body; then runs until SIGTERM or
// SIGINT, stops everything (Prometheus and its temporary data included) and exits 0.
import { parseArgs } from 'node:util';
import { startDemo } from '../lib/demo/start-demo';

function portOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`--${name} must be a TCP port (got ${value})`);
  return port;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      clusters: { type: 'string', default: '3' },
      seed: { type: 'string' },
      'prometheus-port': { type: 'string' },
      'exporter-port': { type: 'string' },
      'kube-port-base': { type: 'string' },
    },
    strict: true,
  });
  const clusters = /^\d+$/.test(values.clusters) ? Number(values.clusters) : values.clusters.split(',').map((name) => name.trim()).filter(Boolean);
  const prometheusPort = portOption(values['prometheus-port'], 'prometheus-port');
  const exporterPort = portOption(values['exporter-port'], 'exporter-port');
  const kubePortBase = portOption(values['kube-port-base'], 'kube-port-base');

  const demo = await startDemo({
    clusters,
    ...(values.seed !== undefined ? { seed: values.seed } : {}),
    ...(prometheusPort !== undefined ? { prometheusPort } : {}),
    ...(exporterPort !== undefined ? { exporterPort } : {}),
    ...(kubePortBase !== undefined ? { kubePortBase } : {}),
  });
  process.stdout.write(`${JSON.stringify({ prometheusUrl: demo.prometheusUrl, exporterUrl: demo.exporterUrl, clusters: demo.clusters })}\n`);
  process.stderr.write(
    `demo: ${demo.clusters.length} simulated cluster(s) (${demo.clusters.map((c) => c.name).join(', ')}); ` +
      `Prometheus ${demo.prometheusUrl}, exporter ${demo.exporterUrl}/metrics. Stop with Ctrl-C or SIGTERM.\n`,
  );

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`demo: ${signal}, stopping\n`);
    demo.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`demo: stop failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
