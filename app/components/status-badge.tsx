const STATE_LABEL: Record<string, string> = { healthy: 'Healthy', degraded: 'Degraded', unreachable: 'Unreachable', unknown: 'Not checked yet' };

/** A cluster's status as a badge: colour plus the word, so colour is never the only signal. */
export function StatusBadge({ state }: { state: string }) {
  return <span className={`status status-${state}`}>{STATE_LABEL[state] ?? state}</span>;
}
