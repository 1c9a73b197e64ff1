import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Decodes a base64 (or base64url) 32-byte key, as ENCRYPTION_KEY holds it. */
export function decodeKey(text: string): Buffer | undefined {
  const key = Buffer.from(text.trim(), 'base64');
  return key.length === 32 ? key : undefined;
}

/**
 * The root key: ENCRYPTION_KEY when set, else `$DATA_DIR/encryption-key`, created on first use
 * (0600; the first of several starting processes wins, the others read its key).
 */
export async function loadRootKey(configured: Buffer | undefined, dataDir: string): Promise<{ key: Buffer; source: 'env' | 'file' }> {
  if (configured) return { key: configured, source: 'env' };
  const file = path.join(dataDir, 'encryption-key');
  await mkdir(dataDir, { recursive: true });
  try {
    await writeFile(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = decodeKey(await readFile(file, 'utf8'));
  if (!key) throw new Error(`${file} does not hold a base64 32-byte key`);
  return { key, source: 'file' };
}
