// Small pieces of the SLO pages without hooks (server pages and client components render them).
import type { BurnRateRow } from '@/lib/slo/service/slo-status';

export { ScopeText } from '../components/scope-text';

/** "breaching: page" / "breaching: ticket" pills for the severities whose alert condition holds now. */
export function BreachingPills({ rows, as: Tag = 'span' }: { rows: BurnRateRow[]; as?: 'span' | 'li' }) {
  const severities = [...new Set(rows.filter((r) => r.breaching).map((r) => r.severity))];
  return (
    <>
      {severities.map((severity) => (
        <Tag key={severity} className={`state-tag breaching breaching-${severity}`}>
          breaching: {severity}
        </Tag>
      ))}
    </>
  );
}
