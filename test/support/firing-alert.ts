// A firing alert instance stored as the worker would store it, for UI and API tests that run no worker.
import { persistTransitions } from '../../lib/rules/alert-store';
import { labelsFingerprint } from '../../lib/rules/engine/fingerprint';
import type { WebApp } from './web-app';

export async function storeFiringAlert(app: WebApp, opts: { ruleId: string; groupId: string; alertname: string; cluster: { id: string; name: string }; labels?: Record<string, string>; summary: string }) {
  const labels = { alertname: opts.alertname, cluster: opts.cluster.name, ...opts.labels };
  const fingerprint = labelsFingerprint(labels);
  const at = Date.now() - 60_000;
  const annotations = { summary: opts.summary };
  await persistTransitions(app.database.prisma, {
    ruleId: opts.ruleId,
    groupId: opts.groupId,
    clusterId: opts.cluster.id,
    alertname: opts.alertname,
    transitions: [{ kind: 'firing', at, fingerprint, labels, annotations, value: 1, activeAt: at, firedAt: at }],
    active: new Map([[fingerprint, { fingerprint, labels, annotations, state: 'firing' as const, activeAt: at, firedAt: at, value: 1 }]]),
  });
  return fingerprint;
}
