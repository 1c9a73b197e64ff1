import { apiRoute } from '@/lib/http/api-route';
import { readQuery } from '@/lib/http/read-json';
import { deliveryListQuerySchema, listDeliveries } from '@/lib/notify/delivery-log';

export const dynamic = 'force-dynamic';

// GET /api/v1/deliveries?channel=&status=pending|sent|dead - the delivery log, every attempt
export const GET = apiRoute('read', async ({ req, app }) => Response.json(await listDeliveries(app, readQuery(req, deliveryListQuerySchema))));
