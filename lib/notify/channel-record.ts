import type { NotificationChannel, Prisma } from '../db/generated/client';
import type { SecretBox } from '../crypto/secret-box';
import { CHANNEL_TYPES } from './channels';
import { joinSecrets, splitSecrets } from './secret-paths';

/** A validated channel: its name, type and full settings (secrets included). */
export interface ChannelInput {
  name: string;
  type: string;
  config: Record<string, unknown>;
}

/** The columns of a channel: settings without secrets, and the secrets sealed to this row's id. */
export function toChannelColumns(input: ChannelInput, id: string, box: SecretBox) {
  const { visible, secrets } = splitSecrets(input.config, CHANNEL_TYPES[input.type]!.secretPaths);
  return {
    name: input.name,
    type: input.type,
    config: visible as Prisma.InputJsonObject,
    secrets: Object.keys(secrets).length ? box.seal(JSON.stringify(secrets), id) : null,
  };
}

/** The full settings of a stored channel (for sending, and for merge patches). */
export function toChannelInput(row: NotificationChannel, box: SecretBox): ChannelInput {
  const secrets = row.secrets ? (JSON.parse(box.open(row.secrets, row.id)) as Record<string, unknown>) : {};
  return { name: row.name, type: row.type, config: joinSecrets(row.config as Record<string, unknown>, secrets) };
}

/** What the API shows: settings without secrets, which secrets are set, and delivery health. */
export function toChannelView(row: NotificationChannel, box: SecretBox) {
  const secretsSet = row.secrets ? Object.keys(JSON.parse(box.open(row.secrets, row.id)) as object).sort() : [];
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    config: row.config as Record<string, unknown>,
    secretsSet,
    health: {
      lastSuccessAt: row.lastSuccessAt?.toISOString() ?? null,
      lastErrorAt: row.lastErrorAt?.toISOString() ?? null,
      lastError: row.lastError,
    },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type ChannelView = ReturnType<typeof toChannelView>;
