// GET /api/healthz - liveness: the web process answers.
export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json({ status: 'ok' });
}
