// The notification channel types by type name (re-exported by index.ts as CHANNEL_TYPES).

import type { ChannelType } from './channel';
import { alertmanagerChannel } from './alertmanager';
import { emailChannel } from './email';
import { msteamsChannel } from './msteams';
import { pagerdutyChannel } from './pagerduty';
import { slackChannel } from './slack';
import { webhookChannel } from './webhook';

// `any`: each type has its own Config; callers validate with the type's configSchema first.
export const CHANNEL_TYPES: Record<string, ChannelType<any>> = {
  email: emailChannel,
  slack: slackChannel,
  webhook: webhookChannel,
  pagerduty: pagerdutyChannel,
  msteams: msteamsChannel,
  alertmanager: alertmanagerChannel,
};
