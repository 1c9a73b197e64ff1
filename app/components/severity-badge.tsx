const KNOWN = new Set(['critical', 'warning', 'info']);

/** An alert severity as a badge: the word plus a colour (colour is never the only signal). */
export function SeverityBadge({ severity }: { severity: string | undefined }) {
  if (!severity) return <span className="severity severity-none">no severity</span>;
  return <span className={`severity severity-${KNOWN.has(severity) ? severity : 'other'}`}>{severity}</span>;
}
