// The channel types for the form, on the server: each type's zod settings schema as JSON Schema
// (input side: defaults are optional), its title and its secret paths.
import { z } from 'zod';
import { CHANNEL_TYPES } from '@/lib/notify/channels';
import type { ChannelTypeForm, JsonSchema } from './schema-draft';

export function channelTypeForms(): ChannelTypeForm[] {
  return Object.entries(CHANNEL_TYPES).map(([type, channel]) => ({
    type,
    title: channel.title,
    schema: z.toJSONSchema(channel.configSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema,
    secretPaths: [...channel.secretPaths],
  }));
}
