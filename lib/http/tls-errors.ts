import { type CodedError, UNKNOWN_CA_CODES } from './error-chain';

/**
 * What a failed TLS handshake means, in words a person can act on ("TLS: certificate is
 * self-signed and not trusted (...); add its CA or enable insecureSkipVerify"), from the codes in
 * an error chain; undefined when the failure was not about TLS. Shared by the connection test
 * and the Kubernetes client. `host` names the server when the error itself does not.
 */
export function describeTlsFailure(chain: CodedError[], host: string, hasCa: boolean): string | undefined {
  const trustHint = hasCa ? 'the given caCert did not issue it' : 'add its CA or enable insecureSkipVerify';
  for (const error of chain) {
    const code = typeof error.code === 'string' ? error.code : '';
    const message = typeof error.message === 'string' ? error.message : '';
    const fail = (text: string) => `TLS: ${text}`;
    if (code === 'DEPTH_ZERO_SELF_SIGNED_CERT') {
      return fail(`certificate is self-signed and not trusted (${code}); ${trustHint}`);
    }
    if (code === 'SELF_SIGNED_CERT_IN_CHAIN') {
      return fail(`certificate chain ends in a CA that is not trusted (${code}); ${trustHint}`);
    }
    if (UNKNOWN_CA_CODES.has(code)) {
      return fail(`certificate is signed by an unknown CA (${code}); ${trustHint}`);
    }
    if (code === 'CERT_HAS_EXPIRED') return fail(`certificate has expired (${code})`);
    if (code === 'CERT_NOT_YET_VALID') return fail(`certificate is not valid yet (${code}); check the clocks`);
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
      const names = certificateNames(error.cert);
      const target = typeof error.host === 'string' ? error.host : host;
      return fail(`certificate is for ${names ?? 'other names'}, not ${target} (${code})`);
    }
    if (
      code === 'ERR_SSL_WRONG_VERSION_NUMBER' ||
      code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG' ||
      (code === 'EPROTO' && /wrong version number|packet length too long/i.test(message))
    ) {
      return fail(`the server did not answer with TLS (${code}); use an http:// URL?`);
    }
    if (/CERTIFICATE_REQUIRED/.test(code)) return fail(`the server requires a client certificate (${code})`);
    if (/ALERT_(BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN|UNSUPPORTED_CERTIFICATE|DECRYPT_ERROR)/.test(code)) {
      return fail(`the server rejected the client certificate (${code})`);
    }
    if (code === 'ERR_OSSL_X509_KEY_VALUES_MISMATCH') return fail(`client certificate and key do not match (${code})`);
    if (code.startsWith('ERR_OSSL_')) return fail(`a certificate or key could not be loaded (${code})`);
    if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || code.startsWith('CERT_') || code.includes('_CERT_')) {
      return fail(`handshake failed (${code})`);
    }
  }
  return undefined;
}

/** "a, b" from a peer certificate's DNS/IP subjectAltNames, else its CN. */
function certificateNames(cert: unknown): string | undefined {
  if (!cert || typeof cert !== 'object') return undefined;
  const { subjectaltname, subject } = cert as { subjectaltname?: unknown; subject?: { CN?: unknown } };
  const names =
    typeof subjectaltname === 'string'
      ? subjectaltname
          .split(',')
          .map((entry) => entry.trim().replace(/^(DNS|IP Address):/, ''))
          .filter(Boolean)
      : [];
  if (names.length === 0 && typeof subject?.CN === 'string') names.push(subject.CN);
  if (names.length === 0) return undefined;
  return names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
}
