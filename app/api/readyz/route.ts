// GET /api/readyz - readiness: database reachable and every migration applied; 503 otherwise.
import path from 'node:path';
import { db } from '@/lib/db/client';
import { checkReadiness } from '@/lib/health/readiness';

export const dynamic = 'force-dynamic';

export async function GET() {
  const readiness = await checkReadiness(
    (sql) => db().$queryRawUnsafe(sql),
    path.join(process.cwd(), 'prisma', 'migrations'),
  );
  return Response.json(readiness, { status: readiness.ready ? 200 : 503 });
}
