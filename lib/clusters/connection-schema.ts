import { z } from 'zod';

/**
 * How to reach a cluster's Prometheus and Kubernetes API: the request shape of the REST API
 * (secrets included, write-only) and, once parsed, the input of the connection test and the
 * collectors.
 */

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;
const PEM_KEY = /-----BEGIN ([A-Z]+ )?PRIVATE KEY-----[\s\S]+?-----END ([A-Z]+ )?PRIVATE KEY-----/;

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' })
  .max(2048)
  // Zod runs refinements even after the URL check failed: parse defensively.
  .refine((url) => !URL.canParse(url) || (!new URL(url).username && !new URL(url).password), {
    error: 'put credentials in auth, not in the URL',
  });

export const pemCertificate = z
  .string()
  .max(65_536)
  .regex(PEM_CERT, { error: 'expected a PEM certificate (-----BEGIN CERTIFICATE-----)' });
export const pemPrivateKey = z
  .string()
  .max(65_536)
  .regex(PEM_KEY, { error: 'expected a PEM private key (-----BEGIN ... PRIVATE KEY-----)' });

/** HTTP header names (RFC 9110 token); Authorization goes through `auth` so it stays secret. */
const headerName = z
  .string()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, { error: 'expected an HTTP header name' })
  .refine((name) => !['authorization', 'host', 'content-length'].includes(name.toLowerCase()), {
    error: 'this header is set by Kubewatch (use auth for credentials)',
  });

export const prometheusAuthSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }).strict(),
  z.object({ type: z.literal('bearer'), token: z.string().min(1).max(8192) }).strict(),
  z
    .object({ type: z.literal('basic'), username: z.string().min(1).max(256), password: z.string().min(1).max(1024) })
    .strict(),
]);

export const prometheusConnectionSchema = z
  .object({
    url: httpUrl,
    auth: prometheusAuthSchema.default({ type: 'none' }),
    caCert: pemCertificate.optional(),
    insecureSkipVerify: z.boolean().default(false),
    headers: z.record(headerName, z.string().max(4096)).default({}),
    /** Label matchers injected into every query, e.g. `{cluster="prod-eu"}` (shared Thanos/Mimir). */
    selector: z.string().max(1024).optional(),
  })
  .strict();

export const kubernetesConnectionSchema = z
  .object({
    server: httpUrl,
    token: z.string().min(1).max(16_384).optional(),
    clientCert: pemCertificate.optional(),
    clientKey: pemPrivateKey.optional(),
    caCert: pemCertificate.optional(),
    insecureSkipVerify: z.boolean().default(false),
  })
  .strict()
  .superRefine((k, ctx) => {
    if (Boolean(k.clientCert) !== Boolean(k.clientKey)) {
      ctx.addIssue({
        code: 'custom',
        path: [k.clientCert ? 'clientKey' : 'clientCert'],
        message: 'clientCert and clientKey go together',
      });
    }
    if (k.token && k.clientCert) {
      ctx.addIssue({ code: 'custom', path: ['token'], message: 'use either a token or a client certificate, not both' });
    }
  });

export type PrometheusConnection = z.output<typeof prometheusConnectionSchema>;
export type KubernetesConnection = z.output<typeof kubernetesConnectionSchema>;
