import type { Metadata } from 'next';
import { requireSignedIn } from '@/app/_lib/session';
import { allows } from '@/lib/auth/roles';
import { alertListQuerySchema, listActiveAlerts } from '@/lib/rules/alert-queries';
import { clusterChoices } from '../../rules/cluster-choices';
import { AlertFilters, type AlertFilterValues } from '../alert-filters';
import { AlertsBoard } from '../alerts-board';

export const metadata: Metadata = { title: 'Alerts' };
export const dynamic = 'force-dynamic';

const FILTER_KEYS = ['state', 'cluster', 'severity', 'filter', 'alertname'] as const;

export default async function AlertsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { app, principal } = await requireSignedIn('/alerts');
  const params = await searchParams;
  // Empty form fields arrive as "": they mean "no filter".
  const values: AlertFilterValues = Object.fromEntries(FILTER_KEYS.map((k) => [k, typeof params[k] === 'string' && params[k] ? params[k] : undefined]).filter(([, v]) => v !== undefined));
  const parsed = alertListQuerySchema.safeParse(values);
  const problem = parsed.success ? undefined : parsed.error.issues.map((i) => `${i.path.join('.') || 'filter'}: ${i.message}`).join('; ');
  const [initial, clusters] = await Promise.all([
    parsed.success ? listActiveAlerts(app, parsed.data) : Promise.resolve({ alerts: [], counts: { firing: 0, pending: 0 } }),
    clusterChoices(app),
  ]);
  const query = new URLSearchParams(values as Record<string, string>).toString();
  const filtered = query !== '';

  return (
    <>
      <h1>Alerts</h1>
      <p className="subtitle">Active alerts on every cluster, firing first; refreshes every 10 seconds.</p>
      <AlertFilters values={values} clusters={clusters} filterProblem={problem} />
      {values.alertname && (
        <p className="hint">
          Only <code>alertname={values.alertname}</code>. <a href="/alerts">Show all alerts</a>
        </p>
      )}
      {problem ? null : <AlertsBoard initial={initial} query={query} filtered={filtered} now={Date.now()} canAcknowledge={allows(principal.role, 'write')} />}
    </>
  );
}
