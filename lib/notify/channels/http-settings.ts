// Settings shared by the HTTP channel types: the target URL and optional basic/bearer auth.

import { z } from 'zod';

/** An http(s) URL without credentials in it (they go in `auth`, where they stay secret). */
export const httpUrlSetting = z
  .url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' })
  .max(2048)
  // Zod runs refinements even after the URL check failed: parse defensively.
  .refine((url) => !URL.canParse(url) || (!new URL(url).username && !new URL(url).password), {
    error: 'put credentials in auth, not in the URL',
  });

export const httpAuthSetting = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('none') }),
    z.strictObject({ type: z.literal('basic'), username: z.string().min(1).max(256), password: z.string().min(1).max(1024) }),
    z.strictObject({ type: z.literal('bearer'), token: z.string().min(1).max(8192) }),
  ])
  .default({ type: 'none' });

export type HttpAuth = z.output<typeof httpAuthSetting>;

/** Secret paths of an `auth` setting. */
export const HTTP_AUTH_SECRET_PATHS = ['auth.password', 'auth.token'];

/** The Authorization header value, or undefined for `none`. */
export function authorizationHeader(auth: HttpAuth): string | undefined {
  if (auth.type === 'bearer') return `Bearer ${auth.token}`;
  if (auth.type === 'basic') return `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`;
  return undefined;
}

/** The auth's secrets in every form they take on the wire, for redaction. */
export function authSecrets(auth: HttpAuth): string[] {
  const header = authorizationHeader(auth);
  if (!header) return [];
  return [auth.type === 'bearer' ? auth.token : auth.type === 'basic' ? auth.password : '', header, header.replace(/^\S+ /, '')];
}
