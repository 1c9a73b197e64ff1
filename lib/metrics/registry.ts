import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The product's own metrics, exposed at GET /metrics. */
export interface AppMetrics {
  registry: Registry;
  httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
  workerLoopIterations: Counter<'loop' | 'outcome'>;
  workerLoopDuration: Histogram<'loop'>;
  workerLastHeartbeat: Gauge;
  workerInFlight: Gauge<'loop'>;
  ruleGroupEvaluations: Counter<'group' | 'outcome'>;
  ruleGroupMissedSlots: Counter<'group'>;
  ruleGroupDuration: Histogram<'group'>;
  ruleQueryDuration: Histogram;
  alertTransitions: Counter<'kind'>;
  notificationsSent: Counter<'channel_type' | 'outcome'>;
  notificationDeliverySeconds: Histogram<'channel_type'>;
}

const KEY = Symbol.for('kubewatch.metrics');
type WithMetrics = typeof globalThis & { [KEY]?: AppMetrics };

function createMetrics(): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequestDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer HTTP requests, by route pattern and status code.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    workerLoopIterations: new Counter({
      name: 'worker_loop_iterations_total',
      help: 'Iterations of each worker loop, by outcome (ok, error).',
      labelNames: ['loop', 'outcome'],
      registers: [registry],
    }),
    workerLoopDuration: new Histogram({
      name: 'worker_loop_duration_seconds',
      help: 'Duration of one iteration of each worker loop.',
      labelNames: ['loop'],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30],
      registers: [registry],
    }),
    workerLastHeartbeat: new Gauge({
      name: 'worker_last_heartbeat_timestamp_seconds',
      help: 'Unix time of the last heartbeat this worker recorded in the database.',
      registers: [registry],
    }),
    workerInFlight: new Gauge({
      name: 'worker_loop_in_flight',
      help: 'Worker loop iterations currently running.',
      labelNames: ['loop'],
      registers: [registry],
    }),
    ruleGroupEvaluations: new Counter({
      name: 'kubewatch_rule_group_evaluations_total',
      help: 'Evaluations of a rule group on one cluster, by outcome (ok, error: at least one rule failed).',
      labelNames: ['group', 'outcome'],
      registers: [registry],
    }),
    ruleGroupMissedSlots: new Counter({
      name: 'kubewatch_rule_group_missed_slots_total',
      help: 'Evaluation slots of a rule group skipped on one cluster because its previous evaluation was still running.',
      labelNames: ['group'],
      registers: [registry],
    }),
    ruleGroupDuration: new Histogram({
      name: 'kubewatch_rule_group_duration_seconds',
      help: 'Time to evaluate every rule of a group on one cluster.',
      labelNames: ['group'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    ruleQueryDuration: new Histogram({
      name: 'kubewatch_rule_query_duration_seconds',
      help: 'Time Prometheus took to answer one rule query, as seen by the worker.',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    notificationsSent: new Counter({
      name: 'kubewatch_notification_attempts_total',
      help: 'Notification delivery attempts, by channel type and outcome (sent, retry, dead).',
      labelNames: ['channel_type', 'outcome'],
      registers: [registry],
    }),
    notificationDeliverySeconds: new Histogram({
      name: 'kubewatch_notification_delivery_seconds',
      help: 'Time one delivery attempt took, by channel type.',
      labelNames: ['channel_type'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15],
      registers: [registry],
    }),
    alertTransitions: new Counter({
      name: 'kubewatch_alert_transitions_total',
      help: 'Alert instance transitions, by kind (pending, firing, resolved, ...).',
      labelNames: ['kind'],
      registers: [registry],
    }),
  };
}

/**
 * One set of metrics per process, kept on globalThis: Next's bundles and `next dev` reloads
 * load this module several times, and prom-client refuses to register a name twice.
 */
export function appMetrics(): AppMetrics {
  const holder = globalThis as WithMetrics;
  return (holder[KEY] ??= createMetrics());
}
