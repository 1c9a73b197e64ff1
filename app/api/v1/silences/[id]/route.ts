import { apiRoute } from '@/lib/http/api-route';
import { getSilence } from '@/lib/notify/silence-actions';

export const dynamic = 'force-dynamic';

// GET /api/v1/silences/{id} - one silence with its state (pending, active, expired)
export const GET = apiRoute<{ id: string }>('read', async ({ app, params }) => Response.json(await getSilence(app, params.id)));
