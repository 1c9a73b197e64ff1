// GET /api/v1/openapi.json - the OpenAPI 3.1 document (public, like any API description)
import { openApiDocument } from '@/lib/api/openapi';
import { publicUrl, parseSettings } from '@/lib/config/env';

export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json(openApiDocument(publicUrl(parseSettings(process.env))));
}
