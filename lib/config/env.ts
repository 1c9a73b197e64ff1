import path from 'node:path';
import { z } from 'zod';
import { decodeKey } from '../crypto/root-key';
import { parseDuration } from '../time/duration';

/** A Prometheus-style duration setting ("10s", "1m"), parsed to milliseconds. */
function durationSetting(defaultValue: string, minMs: number, maxMs: number) {
  return z
    .string()
    .default(defaultValue)
    .transform((text, ctx) => {
      try {
        const ms = parseDuration(text);
        if (ms < minMs || ms > maxMs) {
          ctx.addIssue({
            code: 'custom',
            message: `expected a duration between ${minMs / 1000}s and ${maxMs / 1000}s, got "${text}"`,
          });
          return z.NEVER;
        }
        return ms;
      } catch {
        ctx.addIssue({ code: 'custom', message: `expected a duration such as 10s or 1m, got "${text}"` });
        return z.NEVER;
      }
    });
}

/** A TCP port setting; `allowZero` lets 0 mean "off". */
function portSetting(defaultValue: number, allowZero = false) {
  const min = allowZero ? 0 : 1;
  return z
    .string()
    .default(String(defaultValue))
    .transform((text, ctx) => {
      const port = Number(text);
      if (!/^\d+$/.test(text) || port < min || port > 65535) {
        ctx.addIssue({ code: 'custom', message: `expected a port number from ${min} to 65535, got "${text}"` });
        return z.NEVER;
      }
      return port;
    });
}

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

const KEY_HINT = 'expected 32 random bytes in base64 (generate with: openssl rand -base64 32)';

/**
 * Every setting the product reads from the environment. This schema is the single source of
 * truth: startup validation, README's table (checked by a test) and docker-compose (checked too).
 */
export const settingsSchema = z
  .object({
    NODE_ENV: z
      .enum(['production', 'development', 'test'])
      .default('production')
      .describe('Runtime mode. `npm start` runs production.'),
    PORT: portSetting(3000)
      .describe('HTTP port of the web server (UI, REST API, /metrics).'),
    HOST: z
      .string()
      .min(1)
      .default('127.0.0.1')
      .describe('Address the web server binds. Use 0.0.0.0 in containers.'),
    PUBLIC_URL: z
      .preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/ }).optional())
      .describe('External URL of the UI, used in links sent in notifications. Default http://localhost:$PORT.'),
    DATABASE_URL: z
      .preprocess(
        emptyAsUndefined,
        z
          .string()
          .regex(/^postgres(ql)?:\/\/.+/, 'expected a postgres:// or postgresql:// connection URL')
          .optional(),
      )
      .describe('PostgreSQL connection URL. Unset: an embedded PostgreSQL is started with its data in $DATA_DIR/postgres.'),
    DATA_DIR: z
      .string()
      .min(1)
      .default('./data')
      .transform((dir) => path.resolve(dir))
      .describe('Directory for local state (the embedded database). Kept across restarts.'),
    EMBEDDED_PG_PORT: portSetting(54329)
      .describe('Port of the embedded PostgreSQL (127.0.0.1 only). Ignored when DATABASE_URL is set.'),
    WORKER_METRICS_PORT: portSetting(9465, true)
      .describe('Port of the worker\'s own GET /metrics and GET /healthz (bound to HOST); 0 turns it off.'),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info')
      .describe('Minimum level of the JSON log lines written to stdout.'),
    WORKER_HEARTBEAT_INTERVAL: durationSetting('10s', 1000, 300_000).describe(
      'How often a worker records its heartbeat row (1s to 5m).',
    ),
    DEMO_CLUSTERS: z
      .preprocess(
        emptyAsUndefined,
        z
          .string()
          .regex(/^\d{1,3}$/, { error: 'expected a number of simulated clusters from 0 to 200' })
          .transform(Number)
          .refine((n) => n <= 200, { error: 'expected a number of simulated clusters from 0 to 200' })
          .optional(),
      )
      .describe('Simulated clusters that `npm start` runs and registers (needs the prometheus binary). Default 3 with the embedded database, 0 with DATABASE_URL.'),
    CLUSTER_POLL_INTERVAL: durationSetting('30s', 5_000, 600_000).describe(
      'How often the worker polls each cluster (Prometheus summary and Kubernetes inventory), 5s to 10m. A cluster that stops answering shows as unreachable after one failed poll.',
    ),
    CLUSTER_HISTORY_RETENTION: durationSetting('24h', 600_000, 90 * 86_400_000).describe(
      'How long poll snapshots are kept for history and sparklines (10m to 90d).',
    ),
    ALERT_HISTORY_RETENTION: durationSetting('30d', 3_600_000, 3650 * 86_400_000).describe(
      'How long alert transitions (the history timeline) and delivered notification events are kept (1h to 3650d).',
    ),
    SLO_REFRESH_INTERVAL: durationSetting('1m', 5_000, 3_600_000).describe(
      'How often the worker recomputes each SLO\'s SLI, error budget and burn rates per cluster (5s to 1h). Complete hours are cached, so a refresh costs the partial hour and the burn-rate windows.',
    ),
    NOTIFY_MAX_ATTEMPTS: z
      .preprocess(
        emptyAsUndefined,
        z
          .string()
          .regex(/^\d{1,3}$/, { error: 'expected a number of attempts from 1 to 100' })
          .transform(Number)
          .refine((n) => n >= 1 && n <= 100, { error: 'expected a number of attempts from 1 to 100' })
          .default(12),
      )
      .describe(
      'Delivery attempts of one notification before it is dead-lettered (1 to 100); retries back off exponentially from 5s to 10m.',
    ),
    SHUTDOWN_TIMEOUT: durationSetting('5s', 1000, 7_000).describe(
      'On SIGTERM/SIGINT, how long in-flight requests and worker jobs may take before they are abandoned (1s to 7s, so every process exits within 10s).',
    ),
    ENCRYPTION_KEY: z
      .preprocess(
        emptyAsUndefined,
        z
          .string()
          .transform((text, ctx) => decodeKey(text) ?? (ctx.addIssue({ code: 'custom', message: KEY_HINT }), z.NEVER))
          .optional(),
      )
      .describe('Root key (base64, 32 bytes) sealing stored credentials and signing sessions. Unset: generated once into $DATA_DIR/encryption-key. Secret.'),
    ENCRYPTION_KEYS_PREVIOUS: z
      .preprocess(
        emptyAsUndefined,
        z
          .string()
          .transform((text, ctx) =>
            text.split(',').map((part, i) => decodeKey(part) ?? (ctx.addIssue({ code: 'custom', message: `key ${i + 1}: ${KEY_HINT}` }), z.NEVER)),
          )
          .optional(),
      )
      .describe('Comma-separated earlier root keys, still accepted for opening sealed values during a rotation. Secret.'),
    ADMIN_EMAIL: z
      .preprocess(emptyAsUndefined, z.email().optional())
      .describe('With ADMIN_PASSWORD: the first admin account, created at start when no user exists.'),
    ADMIN_PASSWORD: z
      .preprocess(emptyAsUndefined, z.string().min(12, 'expected at least 12 characters').optional())
      .describe('Password of the first admin account (at least 12 characters). Secret.'),
    ADMIN_API_TOKEN: z
      .preprocess(emptyAsUndefined, z.string().min(32, 'expected at least 32 characters').optional())
      .describe('When set, this value is a valid admin API token (stored hashed) from the first start. Secret.'),
  })
  .superRefine((settings, ctx) => {
    if (Boolean(settings.ADMIN_EMAIL) !== Boolean(settings.ADMIN_PASSWORD)) {
      ctx.addIssue({
        code: 'custom',
        path: [settings.ADMIN_EMAIL ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL'],
        message: 'ADMIN_EMAIL and ADMIN_PASSWORD must be set together',
      });
    }
  });

export type Settings = z.output<typeof settingsSchema>;

/** The names of all settings, for docs and consistency checks. */
export const settingNames = Object.keys(settingsSchema.shape) as (keyof Settings)[];

/** Settings whose values must never be printed. */
export const secretSettingNames: readonly string[] = [
  'DATABASE_URL',
  'ADMIN_PASSWORD',
  'ADMIN_API_TOKEN',
  'ENCRYPTION_KEY',
  'ENCRYPTION_KEYS_PREVIOUS',
];

/** Thrown when the environment does not describe a valid configuration. */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      'Invalid configuration:\n' +
        problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/** Validates the environment once; throws ConfigError naming each bad variable. */
export function parseSettings(env: Record<string, string | undefined>): Settings {
  const picked = Object.fromEntries(settingNames.map((name) => [name, env[name]]));
  const result = settingsSchema.safeParse(picked);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => ({
      variable: String(issue.path[0] ?? '(environment)'),
      message: issue.message,
    })),
  );
}

/** How many simulated clusters `npm start` runs: DEMO_CLUSTERS, else 3 for a local try-out. */
export function demoClusterCount(settings: Settings): number {
  return settings.DEMO_CLUSTERS ?? (settings.DATABASE_URL ? 0 : 3);
}

/** The URL users reach the UI at, for links in notifications and logs. */
export function publicUrl(settings: Settings): string {
  return settings.PUBLIC_URL ?? `http://localhost:${settings.PORT}`;
}
