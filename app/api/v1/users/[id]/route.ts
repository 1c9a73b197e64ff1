import { z } from 'zod';
import { ROLES } from '@/lib/auth/roles';
import { removeUser, setUserRole } from '@/lib/auth/user-actions';
import { apiRoute } from '@/lib/http/api-route';
import { readJson } from '@/lib/http/read-json';

export const dynamic = 'force-dynamic';
type Params = { id: string };

// PATCH /api/v1/users/{id} - change a user's role (admin)
export const PATCH = apiRoute<Params>('admin', async ({ req, app, principal, params }) => {
  const { role } = await readJson(req, z.object({ role: z.enum(ROLES) }).strict());
  return Response.json(await setUserRole(app, principal, params.id, role));
});

// DELETE /api/v1/users/{id} - delete an account with its sessions and tokens (admin)
export const DELETE = apiRoute<Params>('admin', async ({ app, principal, params }) => {
  await removeUser(app, principal, params.id);
  return new Response(null, { status: 204 });
});
