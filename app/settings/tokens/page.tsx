import type { Metadata } from 'next';
import { requireSignedIn } from '@/app/_lib/session';
import { ROLES, weakerRole } from '@/lib/auth/roles';
import { listApiTokens } from '@/lib/auth/token-actions';
import { TokensPanel } from './tokens-panel';

export const metadata: Metadata = { title: 'API tokens' };
export const dynamic = 'force-dynamic';

export default async function TokensPage() {
  const { app, principal } = await requireSignedIn('/settings/tokens');
  const tokens = await listApiTokens(app, principal);
  const roles = ROLES.filter((role) => weakerRole(role, principal.role) === role);
  return (
    <>
      <p className="breadcrumb"><a href="/settings">Settings</a> /</p>
      <h1>API tokens</h1>
      <p className="subtitle">A token acts as you, with at most your role. Only its hash is stored.</p>
      <TokensPanel initial={tokens} roles={[...roles]} />
    </>
  );
}
