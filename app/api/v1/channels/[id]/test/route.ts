import { apiRoute } from '@/lib/http/api-route';
import { testChannel } from '@/lib/notify/channel-actions';

export const dynamic = 'force-dynamic';

// POST /api/v1/channels/{id}/test - send a sample notification; the receiver's answer either way
export const POST = apiRoute<{ id: string }>('write', async ({ app, params }) => Response.json(await testChannel(app, params.id)));
