import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../time/clock';
import { EXPOSITION_CONTENT_TYPE, renderExposition } from './exposition';
import type { DemoModel } from './metrics-model';

/**
 * The demo exporter: one HTTP server on 127.0.0.1 whose `/metrics` renders every simulated
 * cluster at the clock's "now" (each series labelled `cluster="<name>"`), like a federation of
 * kube-state-metrics, node-exporter, cAdvisor and the apiservers. Stateless: a restart changes
 * nothing, since counters are computed from the model's epoch.
 */

/** Options of {@link startExporter}. */
export interface ExporterOptions {
  model: DemoModel;
  clock: Clock;
  /** TCP port on 127.0.0.1 (default: any free port). */
  port?: number;
}

/** A running exporter; `url` is the base URL (`/metrics` is under it). */
export interface RunningExporter {
  url: string;
  metricsUrl: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts the exporter on 127.0.0.1. */
export async function startExporter(opts: ExporterOptions): Promise<RunningExporter> {
  const server = http.createServer((req, res) => {
    req.resume();
    const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const send = (status: number, contentType: string, body: string) => {
      res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain; charset=utf-8', 'method not allowed\n');
    if (pathname === '/metrics') {
      let body: string;
      try {
        body = renderExposition(opts.model, opts.clock.now());
      } catch (error) {
        return send(500, 'text/plain; charset=utf-8', `${error instanceof Error ? error.message : String(error)}\n`);
      }
      return send(200, EXPOSITION_CONTENT_TYPE, body);
    }
    if (pathname === '/-/healthy' || pathname === '/-/ready') return send(200, 'text/plain; charset=utf-8', 'OK\n');
    if (pathname === '/') {
      const names = opts.model.clusters.map((c) => c.name).join(', ');
      return send(200, 'text/plain; charset=utf-8', `Kubewatch demo exporter (${names}): see /metrics\n`);
    }
    return send(404, 'text/plain; charset=utf-8', 'not found\n');
  });
  server.keepAliveTimeout = 15_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  let stopped: Promise<void> | undefined;
  return {
    url,
    metricsUrl: `${url}/metrics`,
    port,
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
