import { newUserSchema } from '@/lib/auth/schemas';
import { addUser, listUsers } from '@/lib/auth/user-actions';
import { apiRoute } from '@/lib/http/api-route';
import { readJson } from '@/lib/http/read-json';

export const dynamic = 'force-dynamic';

// GET /api/v1/users - every account (admin)
export const GET = apiRoute('admin', async ({ app }) => Response.json({ items: await listUsers(app) }));

// POST /api/v1/users - create an account (admin)
export const POST = apiRoute('admin', async ({ req, app, principal }) =>
  Response.json(await addUser(app, principal, await readJson(req, newUserSchema, 16 * 1024)), { status: 201 }),
);
