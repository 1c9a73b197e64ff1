import type { Metadata } from 'next';
import { requireSignedIn } from '@/app/_lib/session';
import { allows } from '@/lib/auth/roles';

export const metadata: Metadata = { title: 'Settings' };
export const dynamic = 'force-dynamic';

export default async function SettingsPage() {
  const { principal } = await requireSignedIn('/settings');
  const admin = allows(principal.role, 'admin');
  return (
    <>
      <h1>Settings</h1>
      <p className="subtitle">Access to this installation.</p>
      <ul className="link-list">
        <li><a href="/settings/tokens">API tokens</a><span className="hint">Personal tokens for scripts, CI and Terraform.</span></li>
        {admin && <li><a href="/settings/users">Users</a><span className="hint">Accounts and their roles.</span></li>}
        {admin && <li><a href="/settings/audit">Audit log</a><span className="hint">Who changed what, and when.</span></li>}
        <li><a href="/api-docs">API reference</a><span className="hint">The REST API, with its OpenAPI document.</span></li>
      </ul>
    </>
  );
}
