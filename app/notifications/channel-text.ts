// Channel summaries in words, shared by server pages and client components (no 'use client'):
// where a channel sends (never a secret) and how its deliveries have gone.
import { agoText } from '../components/format';

export interface ChannelSummary {
  type: string;
  config: Record<string, unknown>;
  secretsSet: string[];
  health: { lastSuccessAt: string | null; lastErrorAt: string | null; lastError: string | null };
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);

function authText(config: Record<string, unknown>): string {
  const auth = config.auth as { type?: string; username?: string } | undefined;
  if (auth?.type === 'basic') return ` · basic auth as ${auth.username ?? '?'}`;
  if (auth?.type === 'bearer') return ' · bearer token';
  return '';
}

/** Where the channel delivers, from its visible settings; secret settings are only said to be set. */
export function targetSummary({ type, config, secretsSet }: Pick<ChannelSummary, 'type' | 'config' | 'secretsSet'>): string {
  const has = (path: string) => secretsSet.includes(path);
  switch (type) {
    case 'webhook': {
      const headers = secretsSet.filter((p) => p.startsWith('headers.')).length;
      return `POST ${str(config.url) ?? '?'}${authText(config)}${headers ? ` · ${headers} header${headers > 1 ? 's' : ''}` : ''}${has('signingSecret') ? ' · signed' : ''}`;
    }
    case 'alertmanager':
      return `${str(config.url) ?? '?'}/api/v2/alerts${authText(config)}`.replace(/\/+\/api/, '/api');
    case 'slack':
      return `Slack incoming webhook${str(config.channel) ? ` → ${str(config.channel)}` : ''}${has('url') ? '' : ' (URL not set)'}`;
    case 'msteams':
      return `Teams Workflows webhook${has('url') ? '' : ' (URL not set)'}`;
    case 'pagerduty': {
      const url = str(config.url);
      return `Events API v2${url && url !== 'https://events.pagerduty.com/v2/enqueue' ? ` at ${url}` : ''}${has('routingKey') ? ' · routing key set' : ' (routing key not set)'}`;
    }
    case 'email': {
      const to = list(config.to);
      const port = typeof config.port === 'number' ? `:${config.port}` : '';
      return `to ${to.join(', ') || '?'} via ${str(config.host) ?? '?'}${port}`;
    }
    default:
      return type;
  }
}

export type HealthState = 'healthy' | 'failing' | 'unused';

/** healthy / failing / never used, from the last success and the last failure. */
export function channelHealth(health: ChannelSummary['health'], now: number): { state: HealthState; word: string; detail: string } {
  const success = health.lastSuccessAt ? Date.parse(health.lastSuccessAt) : null;
  const failure = health.lastErrorAt ? Date.parse(health.lastErrorAt) : null;
  if (success === null && failure === null) return { state: 'unused', word: 'never used', detail: 'no notification or test sent yet' };
  if (failure !== null && (success === null || failure > success)) {
    return { state: 'failing', word: 'failing', detail: `${health.lastError ?? 'unknown error'} (${agoText(health.lastErrorAt!, now)})` };
  }
  return { state: 'healthy', word: 'healthy', detail: `last success ${now - success! < 1000 ? 'just now' : agoText(health.lastSuccessAt!, now)}` };
}
