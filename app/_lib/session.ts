import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { authenticate } from '@/lib/auth/principal';
import { allows, type Permission } from '@/lib/auth/roles';
import { needsFirstAdmin } from '@/lib/auth/users';
import { appContext } from '@/lib/runtime/app-context';

/** For pages: the signed-in principal, or a redirect to first-run setup / sign-in. */
export async function requireSignedIn(path: string, permission: Permission = 'read') {
  const app = await appContext();
  if (await needsFirstAdmin(app)) redirect('/setup');
  const principal = await authenticate(new Request('http://localhost/', { headers: await headers() }), app).catch(() => null);
  if (!principal) redirect(`/login?next=${encodeURIComponent(path)}`);
  if (!allows(principal.role, permission)) redirect('/clusters?forbidden=1');
  return { app, principal };
}
