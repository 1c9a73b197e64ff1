import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Seals small secrets (tokens, passwords, keys) with AES-256-GCM. A sealed value names the key
 * that sealed it, so after a rotation old values still open with a previous key until they are
 * re-sealed (`npm run secrets:rotate`).
 *
 * Format: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts; keyId = first 8 hex characters
 * of SHA-256 of the key; 12-byte random IV; 16-byte tag).
 */
export class SecretBox {
  private readonly keys = new Map<string, Buffer>();
  readonly currentKeyId: string;

  constructor(current: Buffer, previous: Buffer[] = []) {
    for (const key of [current, ...previous]) {
      if (key.length !== 32) throw new Error('encryption keys must be 32 bytes');
      this.keys.set(keyId(key), key);
    }
    this.currentKeyId = keyId(current);
  }

  seal(plaintext: string, associatedData = ''): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv);
    cipher.setAAD(Buffer.from(associatedData));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', this.currentKeyId, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /** Opens a sealed value; `associatedData` must match what it was sealed with (e.g. the row id). */
  open(sealed: string, associatedData = ''): string {
    const [version, id, iv, tag, ciphertext] = sealed.split('.');
    if (version !== 'v1' || !id || !iv || !tag || ciphertext === undefined) throw new SecretBoxError('not a sealed value');
    const key = this.keys.get(id);
    if (!key) throw new SecretBoxError(`sealed with unknown key ${id}: add it to ENCRYPTION_KEYS_PREVIOUS`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(associatedData));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError('sealed value failed authentication (tampered, or sealed for another record)');
    }
  }

  /** True when the value was sealed with an older key and should be re-sealed. */
  needsRotation(sealed: string): boolean {
    return sealed.split('.')[1] !== this.currentKeyId;
  }
}

/** A sealed value that cannot be opened. */
export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/** A sub-key for another purpose (e.g. signing sessions), derived from the root key with HKDF. */
export function deriveKey(root: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', root, Buffer.alloc(0), `kubewatch:${purpose}`, 32));
}
