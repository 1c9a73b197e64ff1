import type { z } from 'zod';
import { ApiError, issuesOf } from './errors';

export const MAX_JSON_BYTES = 1024 * 1024;

/** Reads the body as text, refusing more than `maxBytes` (413) whatever Content-Length claims. */
async function readLimited(req: Request, maxBytes: number): Promise<string> {
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const tooLarge = (maxBytes: number) =>
  new ApiError(413, 'payload_too_large', `The request body is larger than ${maxBytes / 1024} KiB.`);

/** Parses a JSON body against `schema`: 415 not JSON, 413 too big, 400 malformed, 422 invalid fields. */
export async function readJson<S extends z.ZodType>(req: Request, schema: S, maxBytes = MAX_JSON_BYTES): Promise<z.output<S>> {
  const type = req.headers.get('content-type') ?? '';
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new ApiError(415, 'unsupported_media_type', 'Send the body as JSON with Content-Type: application/json.');
  }
  const text = await readLimited(req, maxBytes);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, 'malformed_json', `The body is not valid JSON: ${(error as Error).message}`);
  }
  const result = schema.safeParse(body);
  if (!result.success) {
    throw new ApiError(422, 'invalid_request', 'The request has invalid fields.', issuesOf(result.error));
  }
  return result.data;
}

/** Parses query parameters against `schema` (422 with every problem). */
export function readQuery<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  const result = schema.safeParse(params);
  if (!result.success) {
    throw new ApiError(422, 'invalid_query', 'The query has invalid parameters.', issuesOf(result.error));
  }
  return result.data;
}
