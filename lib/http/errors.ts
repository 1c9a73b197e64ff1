import { ZodError } from 'zod';
import type { Logger } from '../log/logger';

/** One problem with a request, located by its path in the body or query ("prometheus.url"). */
export interface FieldIssue {
  path: string;
  message: string;
}

/** An error with an HTTP status that is safe to show to the caller. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);
export const conflict = (message: string) => new ApiError(409, 'conflict', message);

/** Zod issues as `{ path: "prometheus.auth.token", message }`, every one of them. */
export function issuesOf(error: ZodError, prefix: (string | number)[] = []): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path].map(String).join('.') || '(body)',
    message: issue.message,
  }));
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers });
}

/** The one table from error to response: 4xx say what is wrong; anything else is a 500 without internals. */
export function errorResponse(error: unknown, logger: Logger): Response {
  if (error instanceof ApiError) {
    return json(error.status, { error: { code: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) } });
  }
  if (error instanceof ZodError) {
    return json(422, { error: { code: 'invalid_request', message: 'The request has invalid fields.', issues: issuesOf(error) } });
  }
  const prismaCode = (error as { code?: unknown }).code;
  if (prismaCode === 'P2025') return json(404, { error: { code: 'not_found', message: 'not found' } });
  if (prismaCode === 'P2002') return json(409, { error: { code: 'conflict', message: 'already exists' } });
  // The client went away while its request was read (a page left mid-request): not a server
  // error, and nobody reads this answer (499 as in nginx: client closed request).
  if (prismaCode === 'ECONNRESET' || (error instanceof Error && error.message === 'aborted')) {
    logger.info({ reason: error instanceof Error ? error.message : String(error) }, 'client closed the connection before the request was read');
    return json(499, { error: { code: 'client_closed', message: 'The client closed the connection.' } });
  }
  logger.error({ err: error }, 'request failed');
  return json(500, { error: { code: 'internal', message: 'Internal error; see the server log.' } });
}
