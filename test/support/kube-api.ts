// Local HTTP/HTTPS servers on 127.0.0.1 for connection tests: a generic one driven by a handler,
// and a stand-in kube-apiserver answering Kubernetes JSON from test/fixtures/kubernetes.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';

/** Directory of the Kubernetes fixtures (JSON bodies and the localhost certificate). */
export const KUBE_FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures', 'kubernetes');

/** Reads a fixture file under test/fixtures/kubernetes as text. */
export function kubeFixture(name: string): string {
  return readFileSync(path.join(KUBE_FIXTURES, name), 'utf8');
}

/** The self-signed certificate (CN=localhost, no SANs) and its key, PEM. */
export function localhostCertificate(): { cert: string; key: string } {
  return { cert: kubeFixture('certs/localhost-cert.pem'), key: kubeFixture('certs/localhost-key.pem') };
}

/** What a test server saw of one request. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** Subject CN of a client certificate presented over TLS and verified against the server's `ca`. */
  clientCertCN?: string;
}

/** TLS settings of a test server; `requestCert` asks clients for a certificate signed by `ca`. */
export interface TestServerTls {
  cert: string;
  key: string;
  ca?: string;
  requestCert?: boolean;
}

/** A running test server. `url` is `http(s)://127.0.0.1:<port>`. */
export interface TestServer {
  url: string;
  port: number;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/** A request handler that also gets what was recorded of the request. */
export type TestHandler = (req: http.IncomingMessage, res: http.ServerResponse, seen: SeenRequest) => void;

/** Starts an HTTP (or, with `tls`, HTTPS) server on 127.0.0.1 and a free port. */
export async function startTestServer(handler: TestHandler, opts: { tls?: TestServerTls } = {}): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const socket = req.socket as Partial<TLSSocket>;
    const peer = typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate() : undefined;
    const cn = socket.authorized ? peer?.subject?.CN : undefined;
    const seen: SeenRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      ...(typeof cn === 'string' ? { clientCertCN: cn } : {}),
    };
    requests.push(seen);
    handler(req, res, seen);
  };
  const server = opts.tls
    ? https.createServer(
        {
          cert: opts.tls.cert,
          key: opts.tls.key,
          ...(opts.tls.ca ? { ca: opts.tls.ca } : {}),
          requestCert: opts.tls.requestCert ?? false,
          // The handler decides what a missing certificate means (401), like kube-apiserver.
          rejectUnauthorized: false,
        },
        listener,
      )
    : http.createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends `body` (an object is JSON-encoded) with `status`. */
export function send(res: http.ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Options of {@link startKubeApi}. */
export interface KubeApiOptions {
  tls?: TestServerTls;
  /** Requests must carry `Authorization: Bearer <token>`, else 401. */
  token?: string;
  /** Requests must present a client certificate with this subject CN, else 401. */
  clientCertCN?: string;
  /** Every authenticated request gets 403 with Status.Forbidden.json. */
  forbidden?: boolean;
  /** Fixture served on GET /version (default version.json). */
  versionFixture?: string;
}

const unauthorizedStatus = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'Unauthorized',
  reason: 'Unauthorized',
  code: 401,
};

/** A stand-in kube-apiserver: GET /version answers a fixture; auth and RBAC failures answer Status JSON. */
export function startKubeApi(opts: KubeApiOptions = {}): Promise<TestServer> {
  const version = kubeFixture(opts.versionFixture ?? 'version.json');
  const forbidden = kubeFixture('Status.Forbidden.json');
  const notFound = { ...unauthorizedStatus, message: 'the server could not find the requested resource', reason: 'NotFound', code: 404 };
  return startTestServer(
    (req, res, seen) => {
      const tokenOk = opts.token === undefined || req.headers.authorization === `Bearer ${opts.token}`;
      const certOk = opts.clientCertCN === undefined || seen.clientCertCN === opts.clientCertCN;
      if (!tokenOk || !certOk) return send(res, 401, unauthorizedStatus);
      if (opts.forbidden) return send(res, 403, forbidden);
      const pathname = new URL(req.url ?? '/', 'http://x').pathname;
      if (req.method === 'GET' && (pathname === '/version' || pathname === '/version/')) return send(res, 200, version);
      send(res, 404, notFound);
    },
    opts.tls ? { tls: opts.tls } : {},
  );
}
