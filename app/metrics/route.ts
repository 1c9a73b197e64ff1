// GET /metrics - Prometheus exposition of this process's metrics.
import { appMetrics } from '@/lib/metrics/registry';

export const dynamic = 'force-dynamic';

export async function GET() {
  const { registry } = appMetrics();
  return new Response(await registry.metrics(), { headers: { 'Content-Type': registry.contentType } });
}
