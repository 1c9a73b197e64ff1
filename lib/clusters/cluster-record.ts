import { z } from 'zod';
import type { SecretBox } from '../crypto/secret-box';
import type { Cluster } from '../db/generated/client';
import type { ClusterInput } from './cluster-schema';

/** The credentials of one cluster, sealed together into `clusters.secrets`. */
const sealedSecretsSchema = z.object({
  prometheusToken: z.string().optional(),
  prometheusPassword: z.string().optional(),
  prometheusHeaders: z.record(z.string(), z.string()).optional(),
  kubernetesToken: z.string().optional(),
  kubernetesClientKey: z.string().optional(),
});

/** Non-secret Prometheus settings as stored in `clusters.prometheus`. */
// Defaults: rows registered before these settings existed hold `{}`.
const storedPrometheusSchema = z.object({
  authType: z.enum(['none', 'bearer', 'basic']).default('none'),
  username: z.string().optional(),
  caCert: z.string().optional(),
  insecureSkipVerify: z.boolean().default(false),
  headerNames: z.array(z.string()).default([]),
  selector: z.string().optional(),
});

/** Non-secret Kubernetes settings as stored in `clusters.kubernetes`. */
const storedKubernetesSchema = z.object({
  server: z.string(),
  authType: z.enum(['none', 'token', 'clientCertificate']),
  caCert: z.string().optional(),
  clientCert: z.string().optional(),
  insecureSkipVerify: z.boolean(),
});

/** The columns a cluster is written as. */
export interface ClusterColumns {
  name: string;
  displayName: string | null;
  description: string | null;
  labels: Record<string, string>;
  prometheusUrl: string;
  prometheus: z.output<typeof storedPrometheusSchema>;
  kubernetes: z.output<typeof storedKubernetesSchema> | null;
  secrets: string | null;
}

/** Splits a validated input into columns, sealing every credential with the cluster id as associated data. */
export function toColumns(input: ClusterInput, clusterId: string, box: SecretBox): ClusterColumns {
  const { prometheus: p, kubernetes: k } = input;
  const secrets: z.input<typeof sealedSecretsSchema> = {
    ...(p.auth.type === 'bearer' ? { prometheusToken: p.auth.token } : {}),
    ...(p.auth.type === 'basic' ? { prometheusPassword: p.auth.password } : {}),
    ...(Object.keys(p.headers).length ? { prometheusHeaders: p.headers } : {}),
    ...(k?.token ? { kubernetesToken: k.token } : {}),
    ...(k?.clientKey ? { kubernetesClientKey: k.clientKey } : {}),
  };
  return {
    name: input.name,
    displayName: input.displayName ?? null,
    description: input.description ?? null,
    labels: input.labels,
    prometheusUrl: p.url,
    prometheus: {
      authType: p.auth.type,
      ...(p.auth.type === 'basic' ? { username: p.auth.username } : {}),
      ...(p.caCert ? { caCert: p.caCert } : {}),
      insecureSkipVerify: p.insecureSkipVerify,
      headerNames: Object.keys(p.headers),
      ...(p.selector !== undefined ? { selector: p.selector } : {}),
    },
    kubernetes: k
      ? {
          server: k.server,
          authType: k.token ? 'token' : k.clientCert ? 'clientCertificate' : 'none',
          ...(k.caCert ? { caCert: k.caCert } : {}),
          ...(k.clientCert ? { clientCert: k.clientCert } : {}),
          insecureSkipVerify: k.insecureSkipVerify,
        }
      : null,
    secrets: Object.keys(secrets).length ? box.seal(JSON.stringify(secrets), clusterId) : null,
  };
}

/** Reassembles the full input (credentials opened) from a row: for PATCH merges and connection tests. */
export function toInput(row: Cluster, box: SecretBox): ClusterInput {
  const secrets = row.secrets ? sealedSecretsSchema.parse(JSON.parse(box.open(row.secrets, row.id))) : {};
  const p = storedPrometheusSchema.parse(row.prometheus);
  const k = row.kubernetes === null ? null : storedKubernetesSchema.parse(row.kubernetes);
  return {
    name: row.name,
    ...(row.displayName !== null ? { displayName: row.displayName } : {}),
    ...(row.description !== null ? { description: row.description } : {}),
    labels: row.labels as Record<string, string>,
    prometheus: {
      url: row.prometheusUrl,
      auth:
        p.authType === 'bearer'
          ? { type: 'bearer', token: secrets.prometheusToken ?? '' }
          : p.authType === 'basic'
            ? { type: 'basic', username: p.username ?? '', password: secrets.prometheusPassword ?? '' }
            : { type: 'none' },
      ...(p.caCert ? { caCert: p.caCert } : {}),
      insecureSkipVerify: p.insecureSkipVerify,
      headers: secrets.prometheusHeaders ?? {},
      ...(p.selector !== undefined ? { selector: p.selector } : {}),
    },
    ...(k
      ? {
          kubernetes: {
            server: k.server,
            ...(secrets.kubernetesToken ? { token: secrets.kubernetesToken } : {}),
            ...(k.clientCert ? { clientCert: k.clientCert } : {}),
            ...(secrets.kubernetesClientKey ? { clientKey: secrets.kubernetesClientKey } : {}),
            ...(k.caCert ? { caCert: k.caCert } : {}),
            insecureSkipVerify: k.insecureSkipVerify,
          },
        }
      : {}),
  };
}

/** A cluster as the API returns it: everything but credentials, which only show as "set". */
export function toView(row: Cluster) {
  const p = storedPrometheusSchema.parse(row.prometheus);
  const k = row.kubernetes === null ? null : storedKubernetesSchema.parse(row.kubernetes);
  return {
    id: row.id,
    name: row.name,
    displayName: row.displayName,
    description: row.description,
    labels: row.labels as Record<string, string>,
    prometheus: {
      url: row.prometheusUrl,
      auth: p.authType === 'basic' ? { type: 'basic' as const, username: p.username, passwordSet: true } : p.authType === 'bearer' ? { type: 'bearer' as const, tokenSet: true } : { type: 'none' as const },
      caCert: p.caCert ?? null,
      insecureSkipVerify: p.insecureSkipVerify,
      headerNames: p.headerNames,
      selector: p.selector ?? null,
    },
    kubernetes: k
      ? {
          server: k.server,
          auth: k.authType,
          caCert: k.caCert ?? null,
          clientCert: k.clientCert ?? null,
          insecureSkipVerify: k.insecureSkipVerify,
        }
      : null,
    status: { state: row.status, reason: row.statusReason, checkedAt: row.statusAt?.toISOString() ?? null },
    versions: row.versions as { prometheus?: string; kubernetes?: string },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type ClusterView = ReturnType<typeof toView>;
