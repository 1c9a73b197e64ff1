import { format } from 'node:util';
import type { Logger } from './logger';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * Sends console.* output (Next.js prints its own messages and render errors this way) to the
 * JSON logger, so stdout stays one JSON event per line.
 */
export function routeConsoleToLogger(logger: Logger): void {
  const forward = (level: 'debug' | 'info' | 'warn' | 'error') => (...args: unknown[]) => {
    const error = args.find((arg): arg is Error => arg instanceof Error);
    const msg = format(...args.filter((arg) => arg !== error)).replace(ANSI, '').trim();
    if (error) logger[level]({ err: error }, msg || error.message);
    else logger[level](msg);
  };
  console.debug = forward('debug');
  console.log = forward('info');
  console.info = forward('info');
  console.warn = forward('warn');
  console.error = forward('error');
}
