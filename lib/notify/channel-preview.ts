// "Preview" for the channel editor: what a channel would send for a sample alert, secrets masked,
// from unsaved settings (a new channel) or from a stored channel with unsaved changes on top.

import { z } from 'zod';
import { ApiError, issuesOf } from '../http/errors';
import { applyMergePatch } from '../http/merge-patch';
import type { CoreContext } from '../runtime/app-context';
import { channelInputSchema, getChannelInput } from './channel-actions';
import { NotificationTemplateError } from './channels';
import { previewNotification, sampleNotification, type NotificationPreview } from './channels/preview';

/** POST /api/v1/channels/preview */
export const channelPreviewRequestSchema = z
  .object({
    channelId: z.uuid().optional().describe('A stored channel: its settings (secrets included) are the base that `config` patches'),
    type: z.string().max(40).optional().describe('The channel type; required without channelId'),
    config: z.record(z.string(), z.unknown()).default({}).describe('Settings; with channelId a JSON Merge Patch over the stored ones'),
    status: z.enum(['firing', 'resolved']).default('firing').describe('Preview the firing or the resolved message'),
  })
  .strict();

export async function previewChannel(app: CoreContext, request: z.output<typeof channelPreviewRequestSchema>): Promise<NotificationPreview> {
  const base = request.channelId ? await getChannelInput(app, request.channelId) : { name: 'preview', type: request.type ?? '', config: {} };
  const type = request.type ?? base.type;
  const candidate = { name: base.name, type, config: request.channelId ? applyMergePatch(base.config, request.config) : request.config };
  const checked = channelInputSchema.safeParse(candidate);
  if (!checked.success) throw new ApiError(422, 'invalid_request', 'The channel settings are invalid.', issuesOf(checked.error));
  const now = app.clock.now();
  const sample = sampleNotification(now, { externalURL: app.settings.PUBLIC_URL ?? '', receiver: base.name, status: request.status });
  try {
    return await previewNotification(checked.data.type, checked.data.config, sample.group, now);
  } catch (error) {
    if (error instanceof NotificationTemplateError) {
      throw new ApiError(422, 'invalid_request', error.message, [{ path: `config.${error.setting}`, message: error.message }]);
    }
    throw error;
  }
}
