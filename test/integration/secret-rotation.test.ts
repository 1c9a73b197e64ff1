import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toColumns, toInput } from '../../lib/clusters/cluster-record';
import { clusterInputSchema } from '../../lib/clusters/cluster-schema';
import { resealChannelSecrets, resealClusterSecrets } from '../../lib/crypto/reseal-secrets';
import { toChannelColumns, toChannelInput } from '../../lib/notify/channel-record';
import { SecretBox, SecretBoxError } from '../../lib/crypto/secret-box';
import { createTestDatabase, type TestDatabase } from '../support/database';

describe('encryption key rotation', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('re-seals old credentials under the new key; afterwards the old key is not needed', async () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const before = new SecretBox(oldKey);
    const ids: string[] = [];
    for (const name of ['a', 'b']) {
      const id = randomUUID();
      ids.push(id);
      const input = clusterInputSchema.parse({ name, prometheus: { url: 'http://p:9090', auth: { type: 'bearer', token: `token-${name}` } } });
      const { kubernetes: _none, ...columns } = toColumns(input, id, before);
      await database.prisma.cluster.create({ data: { id, ...columns } });
    }
    await database.prisma.cluster.create({ data: { id: randomUUID(), name: 'no-secrets', prometheusUrl: 'http://p:9090' } });

    const during = new SecretBox(newKey, [oldKey]);
    expect(await resealClusterSecrets(database.prisma, during)).toEqual({ resealed: 2, current: 0 });
    expect(await resealClusterSecrets(database.prisma, during)).toEqual({ resealed: 0, current: 2 });

    const after = new SecretBox(newKey);
    for (const [i, id] of ids.entries()) {
      const row = await database.prisma.cluster.findUniqueOrThrow({ where: { id } });
      expect(toInput(row, after).prometheus.auth).toEqual({ type: 'bearer', token: `token-${['a', 'b'][i]}` });
      expect(() => before.open(row.secrets!, id)).toThrow(SecretBoxError);
    }
  });

  it('re-seals notification channel secrets too', async () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const id = randomUUID();
    const input = { name: 'hook', type: 'webhook', config: { url: 'http://receiver/hook', signingSecret: 'whsec-rotate-me' } };
    await database.prisma.notificationChannel.create({ data: { id, ...toChannelColumns(input, id, new SecretBox(oldKey)) } });
    expect(await resealChannelSecrets(database.prisma, new SecretBox(newKey, [oldKey]))).toEqual({ resealed: 1, current: 0 });
    const row = await database.prisma.notificationChannel.findUniqueOrThrow({ where: { id } });
    expect(toChannelInput(row, new SecretBox(newKey)).config).toEqual(input.config);
  });

  it('refuses a sealed value moved to another cluster (associated data)', () => {
    const box = new SecretBox(randomBytes(32));
    const sealed = box.seal('{"prometheusToken":"x"}', 'cluster-1');
    expect(box.open(sealed, 'cluster-1')).toBe('{"prometheusToken":"x"}');
    expect(() => box.open(sealed, 'cluster-2')).toThrow(/failed authentication/);
    // Flip one bit of the first ciphertext byte (editing the last base64 character could touch only padding bits).
    const parts = sealed.split('.');
    const ciphertext = Buffer.from(parts[4]!, 'base64url');
    ciphertext[0]! ^= 0x01;
    const tampered = [...parts.slice(0, 4), ciphertext.toString('base64url')].join('.');
    expect(() => box.open(tampered, 'cluster-1')).toThrow(SecretBoxError);
  });
});
