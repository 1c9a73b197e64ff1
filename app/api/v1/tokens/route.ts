import { newApiTokenSchema } from '@/lib/auth/schemas';
import { createApiToken, listApiTokens } from '@/lib/auth/token-actions';
import { apiRoute } from '@/lib/http/api-route';
import { readJson } from '@/lib/http/read-json';

export const dynamic = 'force-dynamic';

// GET /api/v1/tokens - your API tokens (never their values)
export const GET = apiRoute('read', async ({ app, principal }) => Response.json({ items: await listApiTokens(app, principal) }));

// POST /api/v1/tokens - create a personal API token; the value is in this response only
export const POST = apiRoute('read', async ({ req, app, principal }) =>
  Response.json(await createApiToken(app, principal, await readJson(req, newApiTokenSchema)), { status: 201 }),
);
