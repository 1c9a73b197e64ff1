import type { Principal } from '../auth/principal';
import { ApiError, type FieldIssue } from '../http/errors';
import type { AppContext } from '../runtime/app-context';
import { createClusters } from './cluster-actions';
import type { ClusterView } from './cluster-record';
import { clusterInputSchema, type ClusterInput } from './cluster-schema';
import { KubeconfigError, parseKubeconfig, type KubeconfigContext } from './kubeconfig';
import type { z } from 'zod';
import type { kubeconfigImportSchema } from './cluster-schema';

type ImportRequest = z.output<typeof kubeconfigImportSchema>;

/** The contexts found (dry run), or the clusters registered. */
export type ImportResult =
  | { dryRun: true; contexts: (Omit<KubeconfigContext, 'connection'> & { server: string | null })[] }
  | { dryRun: false; clusters: ClusterView[] };

/**
 * Registers one cluster per chosen context of a kubeconfig, each with its Prometheus, all in one
 * transaction. A dry run lists the contexts (server, suggested name, problems) without secrets.
 */
export async function importKubeconfig(app: AppContext, actor: Principal, request: ImportRequest): Promise<ImportResult> {
  let contexts: KubeconfigContext[];
  try {
    contexts = parseKubeconfig(request.kubeconfig);
  } catch (error) {
    if (error instanceof KubeconfigError) throw new ApiError(422, 'invalid_request', 'The request has invalid fields.', [{ path: 'kubeconfig', message: error.message }]);
    throw error;
  }
  if (request.dryRun) {
    // The connection holds credentials: a dry run shows only where it would connect.
    return { dryRun: true, contexts: contexts.map(({ connection, ...rest }) => ({ ...rest, server: connection?.server ?? null })) };
  }
  const issues: FieldIssue[] = [];
  const inputs: ClusterInput[] = [];
  request.clusters.forEach((choice, i) => {
    const context = contexts.find((c) => c.context === choice.context);
    if (!context) {
      issues.push({ path: `clusters.${i}.context`, message: `no context "${choice.context}" in the kubeconfig (found: ${contexts.map((c) => c.context).join(', ')})` });
      return;
    }
    if (!context.connection) {
      issues.push({ path: `clusters.${i}.context`, message: `context "${choice.context}" cannot be used: ${context.problems.join('; ')}` });
      return;
    }
    const parsed = clusterInputSchema.safeParse({
      name: choice.name ?? context.suggestedName,
      ...(choice.displayName ? { displayName: choice.displayName } : {}),
      labels: choice.labels ?? {},
      prometheus: choice.prometheus,
      kubernetes: context.connection,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) issues.push({ path: [`clusters`, i, ...issue.path].join('.'), message: issue.message });
      return;
    }
    inputs.push(parsed.data);
  });
  const names = inputs.map((input) => input.name);
  names.forEach((name, i) => {
    if (names.indexOf(name) !== i) issues.push({ path: `clusters.${i}.name`, message: `"${name}" is used twice in this import` });
  });
  if (issues.length) throw new ApiError(422, 'invalid_request', 'The request has invalid fields.', issues);
  return { dryRun: false, clusters: await createClusters(app, actor, inputs) };
}
