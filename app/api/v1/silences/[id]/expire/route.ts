import { apiRoute } from '@/lib/http/api-route';
import { expireSilence } from '@/lib/notify/silence-actions';

export const dynamic = 'force-dynamic';

// POST /api/v1/silences/{id}/expire - end a silence now
export const POST = apiRoute<{ id: string }>('write', async ({ app, principal, params }) => Response.json(await expireSilence(app, principal, params.id)));
