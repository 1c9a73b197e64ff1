import type { SloInput } from './slo-schema';

// One-click SLO templates for what every Kubernetes cluster (or most of them) exposes. Long-running
// requests (WATCH streams, CONNECT for exec/attach/port-forward) are left out of the API server
// SLIs, as the Kubernetes mixin's API server SLOs do: they last as long as the client wants,
// which says nothing about availability or latency.

export interface SloTemplate {
  id: string;
  title: string;
  description: string;
  slo: SloInput;
}

const API_SERVER_REQUESTS = 'apiserver_request_total{verb!~"WATCH|CONNECT"}';

export const SLO_TEMPLATES: SloTemplate[] = [
  {
    id: 'apiserver-availability',
    title: 'Kubernetes API server availability',
    description: '99.9% of API server requests (long-running WATCH and CONNECT excluded) answer without a 5xx error, over 30 days.',
    slo: {
      name: 'apiserver-availability',
      description: 'Share of Kubernetes API server requests that do not fail with a 5xx status.',
      objective: 99.9,
      window: '30d',
      sli: {
        type: 'ratio',
        errors: `sum(rate(apiserver_request_total{verb!~"WATCH|CONNECT",code=~"5.."}[{{window}}]))`,
        total: `sum(rate(${API_SERVER_REQUESTS}[{{window}}]))`,
      },
    },
  },
  {
    id: 'apiserver-latency',
    title: 'Kubernetes API server latency',
    description:
      '99% of API server requests (WATCH and CONNECT excluded) finish within 1 second, over 30 days. 1s is a bucket ' +
      'boundary of apiserver_request_duration_seconds (…, 0.8, 1, 1.25, …).',
    slo: {
      name: 'apiserver-latency',
      description: 'Share of Kubernetes API server requests served within 1 second.',
      objective: 99,
      window: '30d',
      sli: {
        type: 'latency',
        metric: 'apiserver_request_duration_seconds',
        selector: 'verb!~"WATCH|CONNECT"',
        thresholdSeconds: 1,
      },
    },
  },
  {
    id: 'ingress-nginx-success',
    title: 'Ingress (NGINX) success ratio',
    description:
      '99.9% of requests through the NGINX ingress controller get a non-5xx response, over 30 days. Narrow the ' +
      'queries with ingress="…" or exported_namespace="…" for one application.',
    slo: {
      name: 'ingress-success',
      description: 'Share of requests through ingress-nginx answered without a 5xx status.',
      objective: 99.9,
      window: '30d',
      sli: {
        type: 'ratio',
        errors: 'sum(rate(nginx_ingress_controller_requests{status=~"5.."}[{{window}}]))',
        total: 'sum(rate(nginx_ingress_controller_requests[{{window}}]))',
      },
    },
  },
];
