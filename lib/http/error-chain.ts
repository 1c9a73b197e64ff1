/**
 * Walking the errors of a failed network call: Node, undici and client-node wrap the error that
 * carries the useful `code` in `cause` chains and AggregateErrors.
 */

/** An error as found in a chain: any of these fields may be present. */
export type CodedError = Error & { code?: unknown; host?: unknown; hostname?: unknown; cert?: unknown };

/** Every error in a `cause` chain (and inside AggregateErrors), outermost first; at most 20. */
export function errorChain(error: unknown): CodedError[] {
  const chain: CodedError[] = [];
  const queue: unknown[] = [error];
  const seen = new Set<unknown>();
  while (queue.length > 0 && chain.length < 20) {
    const current = queue.shift();
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    chain.push(current as CodedError);
    const { cause, errors } = current as { cause?: unknown; errors?: unknown };
    if (cause) queue.push(cause);
    if (Array.isArray(errors)) queue.push(...errors);
  }
  return chain;
}

/** Resolver failures: the name could not be looked up. */
export const DNS_ERROR_CODES: ReadonlySet<string> = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_NODATA', 'EAI_FAIL', 'ENODATA']);

/** TLS failures meaning "the certificate chain leads to a CA we do not trust". */
export const UNKNOWN_CA_CODES: ReadonlySet<string> = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_UNTRUSTED',
]);
