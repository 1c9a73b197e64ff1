import { z } from 'zod';
import { listAuditEvents } from '@/lib/auth/user-actions';
import { apiRoute } from '@/lib/http/api-route';
import { readQuery } from '@/lib/http/read-json';

export const dynamic = 'force-dynamic';

const auditQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(100),
    before: z.string().regex(/^\d{1,19}$/, { error: 'expected an event id' }).transform(BigInt).optional(),
  })
  .strict();

// GET /api/v1/audit?limit=100&before=<id> - the audit log, newest first (admin)
export const GET = apiRoute('admin', async ({ req, app }) => Response.json(await listAuditEvents(app, readQuery(req, auditQuerySchema))));
