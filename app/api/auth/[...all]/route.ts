// /api/auth/* - better-auth: sign-in, sign-out, session (sign-up is closed).
import { appContext } from '@/lib/runtime/app-context';

export const dynamic = 'force-dynamic';

async function handle(req: Request) {
  return (await appContext()).auth.handler(req);
}

export const GET = handle;
export const POST = handle;
