// POST /api/setup - create the first admin of a fresh installation, then sign them in.
// Open without credentials, but only while no user exists (409 afterwards).
import { createFirstAdmin } from '@/lib/auth/users';
import { firstAdminSchema } from '@/lib/auth/schemas';
import { errorResponse } from '@/lib/http/errors';
import { readJson } from '@/lib/http/read-json';
import { appContext } from '@/lib/runtime/app-context';
import { recordAudit } from '@/lib/audit/record-audit';

export const dynamic = 'force-dynamic';

export async function POST(req: Request) {
  const app = await appContext();
  try {
    const input = await readJson(req, firstAdminSchema, 16 * 1024);
    const user = await createFirstAdmin(app, input);
    await recordAudit(app.prisma, 'system', {
      action: 'user.create', targetType: 'user', targetId: user.id, targetName: user.email,
      after: { email: user.email, role: user.role },
    }, app.clock.now());
    return app.auth.api.signInEmail({ body: { email: input.email, password: input.password }, asResponse: true });
  } catch (error) {
    return errorResponse(error, app.logger);
  }
}
