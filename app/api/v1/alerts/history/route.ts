import { apiRoute } from '@/lib/http/api-route';
import { readQuery } from '@/lib/http/read-json';
import { alertHistoryQuerySchema, listAlertHistory } from '@/lib/rules/alert-queries';

export const dynamic = 'force-dynamic';

// GET /api/v1/alerts/history?fingerprint=...&cluster=...&since=...&limit=200&cursor=... - transitions, newest first
export const GET = apiRoute('read', async ({ req, app }) => Response.json(await listAlertHistory(app, readQuery(req, alertHistoryQuerySchema))));
