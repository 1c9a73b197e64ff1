import { authenticate, type Principal } from '../auth/principal';
import { allows, type Permission } from '../auth/roles';
import { createLogger } from '../log/logger';
import { appContext, type AppContext } from '../runtime/app-context';
import { ApiError, errorResponse } from './errors';

/** What a REST handler receives once the caller is authenticated and allowed. */
export interface ApiRouteContext<Params> {
  req: Request;
  params: Params;
  principal: Principal;
  app: AppContext;
}

const NEEDED_ROLE: Record<Permission, string> = { read: 'viewer', write: 'editor', admin: 'admin' };
const fallbackLogger = createLogger('web');

/**
 * The one wrapper every /api/v1 route goes through: authenticate (401), check the route's
 * declared permission (403), run the handler, and map any error to its response.
 */
export function apiRoute<Params = Record<string, never>>(
  permission: Permission,
  handler: (ctx: ApiRouteContext<Params>) => Promise<Response>,
) {
  return async (req: Request, segment: { params: Promise<Params> }): Promise<Response> => {
    let app: AppContext | undefined;
    try {
      app = await appContext();
      const principal = await authenticate(req, app);
      if (!principal) throw new ApiError(401, 'unauthorized', 'Sign in, or send Authorization: Bearer <API token>.');
      if (!allows(principal.role, permission)) {
        throw new ApiError(403, 'forbidden', `This needs the ${NEEDED_ROLE[permission]} role; you have ${principal.role}.`);
      }
      return await handler({ req, params: await segment.params, principal, app });
    } catch (error) {
      return errorResponse(error, app?.logger ?? fallbackLogger);
    }
  };
}
