import { revokeApiToken } from '@/lib/auth/token-actions';
import { apiRoute } from '@/lib/http/api-route';

export const dynamic = 'force-dynamic';

// DELETE /api/v1/tokens/{id} - revoke a token (its owner, or an admin)
export const DELETE = apiRoute<{ id: string }>('read', async ({ app, principal, params }) =>
  Response.json(await revokeApiToken(app, principal, params.id)),
);
