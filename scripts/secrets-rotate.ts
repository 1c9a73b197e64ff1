// npm run secrets:rotate - after setting a new ENCRYPTION_KEY (old one in
// ENCRYPTION_KEYS_PREVIOUS), re-seals every stored credential under the new key.
import { resealChannelSecrets, resealClusterSecrets } from '../lib/crypto/reseal-secrets';
import { loadRootKey } from '../lib/crypto/root-key';
import { SecretBox } from '../lib/crypto/secret-box';
import { createPrismaClient } from '../lib/db/client';
import { loadSettingsOrExit } from '../lib/runtime/load-settings';
import { withToolDatabase } from './db-tool';

async function main() {
  const settings = loadSettingsOrExit();
  const { key } = await loadRootKey(settings.ENCRYPTION_KEY, settings.DATA_DIR);
  const box = new SecretBox(key, settings.ENCRYPTION_KEYS_PREVIOUS ?? []);
  await withToolDatabase(async (database) => {
    const prisma = createPrismaClient(database.url, 2);
    try {
      const { resealed, current } = await resealClusterSecrets(prisma, box);
      console.log(`re-sealed ${resealed} cluster credential set(s) under key ${box.currentKeyId}; ${current} already used it.`);
      const channels = await resealChannelSecrets(prisma, box);
      console.log(`re-sealed ${channels.resealed} notification channel secret set(s); ${channels.current} already used the key.`);
      console.log('You can now remove ENCRYPTION_KEYS_PREVIOUS. Note: sessions signed with the old key have ended; users sign in again.');
    } finally {
      await prisma.$disconnect();
    }
  });
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
