import { z } from 'zod';
import { PromMatcherError, parsePromMatchers } from '../prometheus/matchers';
import { kubernetesConnectionSchema, prometheusConnectionSchema } from './connection-schema';
import { dnsLabelSchema, labelsSchema } from './labels';

/** A cluster as the REST API accepts it (POST body; PATCH bodies are merged into this shape). */
export const clusterInputSchema = z
  .object({
    name: dnsLabelSchema,
    displayName: z.string().trim().min(1).max(100).optional(),
    description: z.string().max(2000).optional(),
    labels: labelsSchema.default({}),
    prometheus: prometheusConnectionSchema.superRefine((prometheus, ctx) => {
      if (prometheus.selector === undefined) return;
      try {
        parsePromMatchers(prometheus.selector);
      } catch (error: unknown) {
        if (!(error instanceof PromMatcherError)) throw error;
        ctx.addIssue({ code: 'custom', path: ['selector'], message: error.message });
      }
    }),
    kubernetes: kubernetesConnectionSchema.optional(),
  })
  .strict();

export type ClusterInput = z.output<typeof clusterInputSchema>;

/** List filters: a Kubernetes label selector and keyset pagination by name. */
export const clusterListQuerySchema = z
  .object({
    selector: z.string().max(2048).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    cursor: z.string().max(200).optional(),
  })
  .strict();

/** Import: the kubeconfig text, and for each context to register, its Prometheus and extras. */
export const kubeconfigImportSchema = z
  .object({
    kubeconfig: z.string().min(1).max(1024 * 1024),
    /** Only report what would be registered. */
    dryRun: z.boolean().default(false),
    clusters: z
      .array(
        z
          .object({
            context: z.string().min(1),
            name: dnsLabelSchema.optional(),
            displayName: z.string().trim().min(1).max(100).optional(),
            labels: labelsSchema.optional(),
            prometheus: prometheusConnectionSchema,
          })
          .strict(),
      )
      .max(100)
      .default([]),
  })
  .strict()
  .refine((body) => body.dryRun || body.clusters.length > 0, {
    path: ['clusters'],
    error: 'choose at least one context to register (or send dryRun: true to list them)',
  });
