import type { Metadata } from 'next';
import { requireSignedIn } from '@/app/_lib/session';
import { listAuditEvents } from '@/lib/auth/user-actions';

export const metadata: Metadata = { title: 'Audit log' };
export const dynamic = 'force-dynamic';

const show = (value: unknown) => (value === null || value === undefined ? '∅' : typeof value === 'string' ? value : JSON.stringify(value));

export default async function AuditPage({ searchParams }: { searchParams: Promise<{ before?: string }> }) {
  const { app } = await requireSignedIn('/settings/audit', 'admin');
  const { before } = await searchParams;
  const page = await listAuditEvents(app, { limit: 50, ...(before && /^\d+$/.test(before) ? { before: BigInt(before) } : {}) });
  return (
    <>
      <p className="breadcrumb"><a href="/settings">Settings</a> /</p>
      <h1>Audit log</h1>
      <p className="subtitle">Every change, newest first. Credentials never appear here.</p>
      {page.items.length === 0 ? (
        <section className="empty" aria-labelledby="no-changes">
          <h2 id="no-changes">Nothing has changed yet</h2>
          <p>Every change to clusters, rules, channels, users and tokens will be listed here, with who made it and when.</p>
          <p><a className="button secondary" href="/clusters/new">Register a cluster</a></p>
        </section>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Audit log">
<table>
          <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Changes</th></tr></thead>
          <tbody>
            {page.items.map((e) => (
              <tr key={e.id}>
                <td className="hint nowrap">{e.at.replace('T', ' ').slice(0, 19)}</td>
                <td>{e.actorLabel}</td>
                <td><code>{e.action}</code> {e.targetName}</td>
                <td>
                  <ul className="diff">
                    {Object.entries(e.diff as Record<string, { from: unknown; to: unknown }>).slice(0, 8).map(([field, change]) => (
                      <li key={field}><code>{field}</code>: {show(change.from)} → {show(change.to)}</li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
</div>
      )}
      {page.nextBefore && <p><a href={`/settings/audit?before=${page.nextBefore}`}>Older events →</a></p>}
    </>
  );
}
