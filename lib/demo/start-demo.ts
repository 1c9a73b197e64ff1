import { type Clock, systemClock } from '../time/clock';
import { type RunningExporter, startExporter } from './exporter';
import { type RunningKubeApi, startKubeApiServer } from './kube-api';
import { createDemoModel, type DemoModel } from './metrics-model';
import { findPrometheusBinary, type RunningDemoPrometheus, startDemoPrometheus } from './prometheus-process';
import { DEMO_CLUSTER_DESCRIPTION } from './constants';

/**
 * Starts the whole simulation on loopback: the exporter, one stand-in Kubernetes API server per
 * cluster and a real Prometheus scraping the exporter. The returned cluster entries are ready to
 * register (valid input of `clusterInputSchema`).
 */

/** Options of {@link startDemo}. */
export interface StartDemoOptions {
  /** How many clusters (demo-eu-1, demo-us-1, demo-ap-1, ...), or their names. */
  clusters: number | string[];
  seed?: number | string;
  /** The model's "now" (default: the system clock). Prometheus still stamps samples with its own time. */
  clock?: Clock;
  prometheusPort?: number;
  exporterPort?: number;
  /** Cluster i's Kubernetes API listens on kubePortBase + i (default: free ports). */
  kubePortBase?: number;
  /** The prometheus executable (default: found on $PATH, /usr/bin, /usr/local/bin). */
  prometheusBinary?: string;
}

/** A cluster registration for the REST API (`clusterInputSchema`). */
export interface DemoClusterRegistration {
  name: string;
  displayName: string;
  description: string;
  labels: Record<string, string>;
  prometheus: { url: string; selector: string };
  kubernetes: { server: string; token: string; insecureSkipVerify: true };
}

/** The running simulation. */
export interface DemoHandle {
  prometheusUrl: string;
  exporterUrl: string;
  /** PID of the Prometheus process. */
  prometheusPid: number;
  clusters: DemoClusterRegistration[];
  model: DemoModel;
  /** Stops Prometheus (and removes its data), the API servers and the exporter. Idempotent. */
  stop(): Promise<void>;
}

export { DEMO_CLUSTER_DESCRIPTION };

/** Registrations of the model's clusters, given where Prometheus and each cluster's API server listen. */
export function demoClusterRegistrations(model: DemoModel, prometheusUrl: string, kubeServers: readonly string[]): DemoClusterRegistration[] {
  return model.clusters.map((cluster, i) => {
    const server = kubeServers[i];
    if (server === undefined) throw new Error(`no Kubernetes API server for ${cluster.name}`);
    return {
      name: cluster.name,
      displayName: cluster.displayName,
      description: DEMO_CLUSTER_DESCRIPTION,
      labels: { ...cluster.labels },
      prometheus: { url: prometheusUrl, selector: `{cluster="${cluster.name}"}` },
      kubernetes: { server, token: cluster.token, insecureSkipVerify: true },
    };
  });
}

/** Starts the simulation; on any failure, whatever was started is stopped again. */
export async function startDemo(opts: StartDemoOptions): Promise<DemoHandle> {
  const model = createDemoModel({ clusters: opts.clusters, ...(opts.seed !== undefined ? { seed: opts.seed } : {}) });
  const clock = opts.clock ?? systemClock;
  // Fail before opening any port when Prometheus is missing.
  const binary = opts.prometheusBinary ?? findPrometheusBinary();

  let exporter: RunningExporter | undefined;
  const kubeApis: RunningKubeApi[] = [];
  let prometheus: RunningDemoPrometheus | undefined;
  const stopAll = async () => {
    await prometheus?.stop();
    await Promise.all([exporter?.stop(), ...kubeApis.map((api) => api.stop())]);
  };
  try {
    exporter = await startExporter({ model, clock, ...(opts.exporterPort !== undefined ? { port: opts.exporterPort } : {}) });
    for (const [i, cluster] of model.clusters.entries()) {
      kubeApis.push(await startKubeApiServer({ cluster, clock, ...(opts.kubePortBase !== undefined ? { port: opts.kubePortBase + i } : {}) }));
    }
    prometheus = await startDemoPrometheus({
      target: `127.0.0.1:${exporter.port}`,
      binary,
      ...(opts.prometheusPort !== undefined ? { port: opts.prometheusPort } : {}),
    });
  } catch (error) {
    await stopAll();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    prometheusUrl: prometheus.url,
    exporterUrl: exporter.url,
    prometheusPid: prometheus.pid,
    clusters: demoClusterRegistrations(
      model,
      prometheus.url,
      kubeApis.map((api) => api.url),
    ),
    model,
    stop: () => (stopping ??= stopAll()),
  };
}
