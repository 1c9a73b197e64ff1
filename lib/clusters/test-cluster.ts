import type { AppContext } from '../runtime/app-context';
import { getClusterInput } from './cluster-actions';
import type { ClusterInput } from './cluster-schema';
import { testClusterConnections, type ClusterConnectionChecks } from './connection-test';

/** healthy: everything answered; degraded: Prometheus answered, the Kubernetes API did not; unreachable: Prometheus did not. */
export function statusOf(checks: ClusterConnectionChecks): { state: 'healthy' | 'degraded' | 'unreachable'; reason: string | null } {
  if (!checks.prometheus.ok) return { state: 'unreachable', reason: `Prometheus: ${checks.prometheus.error.message}` };
  if (checks.kubernetes && !checks.kubernetes.ok) return { state: 'degraded', reason: `Kubernetes API: ${checks.kubernetes.error.message}` };
  return { state: 'healthy', reason: null };
}

/** Tests connection settings that are not saved yet (the register form's "Test connection"). */
export function testUnsavedCluster(input: Pick<ClusterInput, 'prometheus' | 'kubernetes'>): Promise<ClusterConnectionChecks> {
  return testClusterConnections(input.kubernetes ? { prometheus: input.prometheus, kubernetes: input.kubernetes } : { prometheus: input.prometheus });
}

/** Tests a registered cluster and records the outcome as its status and versions. */
export async function testCluster(app: AppContext, id: string) {
  const input = await getClusterInput(app, id);
  const checks = await testUnsavedCluster(input);
  const status = statusOf(checks);
  const versions = {
    ...(checks.prometheus.ok ? { prometheus: checks.prometheus.version } : {}),
    ...(checks.kubernetes?.ok ? { kubernetes: checks.kubernetes.version } : {}),
  };
  await app.prisma.cluster.update({
    where: { id },
    data: { status: status.state, statusReason: status.reason, statusAt: app.clock.now(), ...(Object.keys(versions).length ? { versions } : {}) },
  });
  return { status, ...checks };
}
