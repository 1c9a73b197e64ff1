import type { Metadata } from 'next';
import { requireSignedIn } from '@/app/_lib/session';
import { listUsers } from '@/lib/auth/user-actions';
import { UsersPanel } from './users-panel';

export const metadata: Metadata = { title: 'Users' };
export const dynamic = 'force-dynamic';

export default async function UsersPage() {
  const { app, principal } = await requireSignedIn('/settings/users', 'admin');
  return (
    <>
      <p className="breadcrumb"><a href="/settings">Settings</a> /</p>
      <h1>Users</h1>
      <p className="subtitle">Admins manage everything; editors change clusters, rules and channels; viewers read.</p>
      <UsersPanel initial={await listUsers(app)} me={principal.userId} />
    </>
  );
}
