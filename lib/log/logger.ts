import pino, { type Logger } from 'pino';

export type { Logger };

/** Field paths whose values never reach a log line, at any depth we log them. */
export const REDACTED_PATHS = [
  'password',
  'token',
  'secret',
  'authorization',
  'apiToken',
  'databaseUrl',
  'DATABASE_URL',
  'ADMIN_PASSWORD',
  'ADMIN_API_TOKEN',
  'ENCRYPTION_KEY',
  'ENCRYPTION_KEYS_PREVIOUS',
  '*.password',
  '*.token',
  '*.secret',
  '*.authorization',
  '*.apiToken',
  '*.databaseUrl',
  '*.DATABASE_URL',
  '*.ADMIN_PASSWORD',
  '*.ADMIN_API_TOKEN',
  '*.ENCRYPTION_KEY',
  '*.clientKey',
  'clientKey',
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
];

/**
 * JSON logs, one event per line on stdout, secrets redacted. `component` tells web, worker and
 * the supervisor apart when their output is interleaved.
 */
export function createLogger(
  component: string,
  level: string = 'info',
  destination: pino.DestinationStream = pino.destination({ dest: 1, sync: true }),
): Logger {
  return pino(
    {
      level,
      base: { component, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    destination,
  );
}

/** A connection URL with its password replaced, safe to log. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = 'redacted';
    return parsed.toString();
  } catch {
    return '[unparseable url]';
  }
}
