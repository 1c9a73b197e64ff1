import { apiRoute } from '@/lib/http/api-route';

export const dynamic = 'force-dynamic';

// GET /api/v1/me - who the request is authenticated as
export const GET = apiRoute('read', async ({ principal }) =>
  Response.json({ kind: principal.kind, userId: principal.userId, email: principal.email, role: principal.role }),
);
