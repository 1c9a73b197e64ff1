// Settings every channel type shares (sendResolved, title/text templates) and how send() applies them.

import { z } from 'zod';
import { DeliveryError, type NotificationGroup } from '../types';
import type { RenderContext } from './channel';
import { checkNotificationTemplate, NotificationTemplateError, renderNotificationTemplate } from './notification-template';

const templateText = (setting: string) =>
  z
    .string()
    .max(8192)
    .superRefine((text, ctx) => {
      try {
        checkNotificationTemplate(setting, text);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: e instanceof Error ? e.message : String(e) });
      }
    });

/** Whether resolved alerts are sent at all (Alertmanager's send_resolved). */
export const sendResolvedSetting = { sendResolved: z.boolean().default(true) };

/** Optional Go templates for the message's title and text (see notification-template.ts for the data). */
export const messageTemplateSettings = {
  title: templateText('title').optional(),
  text: templateText('text').optional(),
};

/**
 * The group as this channel should get it: with sendResolved off, resolved alerts are left out
 * (like Alertmanager) and a group with only resolved alerts is not sent at all (null).
 */
export function groupToSend(group: NotificationGroup, sendResolved: boolean): NotificationGroup | null {
  if (sendResolved) return group;
  const firing = group.alerts.filter((a) => a.status === 'firing');
  if (firing.length === 0) return null;
  return firing.length === group.alerts.length ? group : { ...group, status: 'firing', alerts: firing };
}

/** The result of a send that had nothing to deliver. */
export const NOTHING_TO_SEND = { responseSnippet: 'not sent: only resolved alerts and sendResolved is off' } as const;

export interface RenderedTemplates {
  title?: string;
  text?: string;
}

/** Renders the configured templates (unless the context turns them off); throws NotificationTemplateError. */
export async function renderMessageTemplates(
  config: { title?: string; text?: string },
  group: NotificationGroup,
  context: RenderContext,
): Promise<RenderedTemplates> {
  if (context.renderTemplates === false) return {};
  const out: RenderedTemplates = {};
  if (config.title !== undefined) out.title = (await renderNotificationTemplate('title', config.title, group)).trim();
  if (config.text !== undefined) out.text = await renderNotificationTemplate('text', config.text, group);
  return out;
}

/** A template failure at send time: retrying cannot fix it. */
export function templateFailure(error: unknown): never {
  if (error instanceof NotificationTemplateError) throw new DeliveryError(error.message, false);
  throw error;
}
