import type { ReactNode } from 'react';
import { cache } from 'react';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { authenticate } from '@/lib/auth/principal';
import { allows, type Permission } from '@/lib/auth/roles';
import { needsFirstAdmin } from '@/lib/auth/users';
import { appContext } from '@/lib/runtime/app-context';

/** The signed-in principal of this request (or null), looked up once per request however many components ask. */
export const currentPrincipal = cache(async () => {
  const app = await appContext();
  return authenticate(new Request('http://localhost/', { headers: await headers() }), app).catch(() => null);
});

/** For pages: the signed-in principal, or a redirect to first-run setup / sign-in. */
export async function requireSignedIn(path: string, permission: Permission = 'read') {
  const app = await appContext();
  if (await needsFirstAdmin(app)) redirect('/setup');
  const principal = await currentPrincipal();
  if (!principal) redirect(`/login?next=${encodeURIComponent(path)}`);
  if (!allows(principal.role, permission)) redirect('/clusters?forbidden=1');
  return { app, principal };
}

/** The page asked for, as proxy.ts recorded it (path and query). */
async function requestedPath(fallback: string): Promise<string> {
  const path = (await headers()).get('x-kubewatch-path');
  return path && path.startsWith('/') && !path.startsWith('//') ? path : fallback;
}

/** Pages that change things (new / edit / import / add from template) need the editor role. */
function permissionFor(path: string): Permission {
  const pathname = path.split('?')[0]!;
  return /\/(new|edit|import|templates)$/.test(pathname) ? 'write' : 'read';
}

/**
 * For a section's layout: the same check as the pages make (signed in; editors only on the pages
 * that change things), done before the section's loading skeleton streams, so that setup /
 * sign-in / forbidden redirects stay real HTTP redirects (a redirect thrown after streaming has
 * started is only a client-side one). The pages keep their own checks.
 */
export async function SignedInSection({ section, children }: { section: string; children: ReactNode }) {
  const path = await requestedPath(section);
  await requireSignedIn(path, permissionFor(path));
  return children;
}
