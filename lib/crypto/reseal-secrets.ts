import type { PrismaClient } from '../db/client';
import type { SecretBox } from './secret-box';

/** A table with sealed secrets bound to the row id (clusters, notification channels). */
interface SealedTable {
  findMany(args: { where: { secrets: { not: null } }; select: { id: true; secrets: true } }): Promise<Array<{ id: string; secrets: string | null }>>;
  updateMany(args: { where: { id: string; secrets: string }; data: { secrets: string } }): Promise<{ count: number }>;
}

/**
 * Re-seals every value of a table that was sealed with an older key under the current one
 * (after ENCRYPTION_KEY rotation, with the old key in ENCRYPTION_KEYS_PREVIOUS).
 */
async function resealTable(table: SealedTable, box: SecretBox): Promise<{ resealed: number; current: number }> {
  const rows = await table.findMany({ where: { secrets: { not: null } }, select: { id: true, secrets: true } });
  let resealed = 0;
  for (const row of rows) {
    if (!box.needsRotation(row.secrets!)) continue;
    const plaintext = box.open(row.secrets!, row.id);
    // Only if nobody changed it meanwhile: the compare-and-set keeps a concurrent edit.
    const { count } = await table.updateMany({ where: { id: row.id, secrets: row.secrets! }, data: { secrets: box.seal(plaintext, row.id) } });
    resealed += count;
  }
  return { resealed, current: rows.length - resealed };
}

/** Cluster credentials. */
export const resealClusterSecrets = (db: PrismaClient, box: SecretBox) => resealTable(db.cluster as unknown as SealedTable, box);

/** Notification channel secrets (webhook URLs, tokens, SMTP passwords). */
export const resealChannelSecrets = (db: PrismaClient, box: SecretBox) => resealTable(db.notificationChannel as unknown as SealedTable, box);
