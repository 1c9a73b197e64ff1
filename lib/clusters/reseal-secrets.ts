import type { SecretBox } from '../crypto/secret-box';
import type { PrismaClient } from '../db/client';

/**
 * Re-seals every cluster's credentials that were sealed with an older key under the current
 * one (after ENCRYPTION_KEY rotation, with the old key in ENCRYPTION_KEYS_PREVIOUS).
 */
export async function resealClusterSecrets(db: PrismaClient, box: SecretBox): Promise<{ resealed: number; current: number }> {
  const rows = await db.cluster.findMany({ where: { secrets: { not: null } }, select: { id: true, secrets: true } });
  let resealed = 0;
  for (const row of rows) {
    if (!box.needsRotation(row.secrets!)) continue;
    const plaintext = box.open(row.secrets!, row.id);
    // Only if nobody changed it meanwhile: the compare-and-set keeps a concurrent edit.
    const { count } = await db.cluster.updateMany({ where: { id: row.id, secrets: row.secrets }, data: { secrets: box.seal(plaintext, row.id) } });
    resealed += count;
  }
  return { resealed, current: rows.length - resealed };
}
