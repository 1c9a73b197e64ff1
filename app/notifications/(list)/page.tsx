import type { Metadata } from 'next';
import { requireSignedIn } from '@/app/_lib/session';
import { allows } from '@/lib/auth/roles';
import { listChannels } from '@/lib/notify/channel-actions';
import { CHANNEL_TYPES } from '@/lib/notify/channels';
import { getNotificationConfig } from '@/lib/notify/policy-actions';
import { ChannelList } from '../channel-list';

export const metadata: Metadata = { title: 'Notification channels' };
export const dynamic = 'force-dynamic';

export default async function ChannelsPage() {
  const { app, principal } = await requireSignedIn('/notifications');
  const [channels, config] = await Promise.all([listChannels(app), getNotificationConfig(app)]);
  const canWrite = allows(principal.role, 'write');
  const titles = Object.fromEntries(Object.entries(CHANNEL_TYPES).map(([type, channel]) => [type, channel.title]));
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Channels</h1>
          <p className="subtitle">Where notifications go. The notification policy decides which alerts reach which channel.</p>
        </div>
        {canWrite && channels.length > 0 && (
          <div className="actions">
            <a className="button" href="/notifications/channels/new">
              New channel
            </a>
          </div>
        )}
      </div>
      {channels.length === 0 ? (
        <section className="empty" aria-labelledby="no-channels">
          <h2 id="no-channels">No channels yet</h2>
          <p>Alerts fire, but nobody is told. Add a channel — email, Slack, a webhook, PagerDuty, Microsoft Teams or an existing Alertmanager — and send it a test.</p>
          {canWrite ? (
            <p className="actions center">
              <a className="button" href="/notifications/channels/new">
                New channel
              </a>
            </p>
          ) : (
            <p>Ask an editor to add a channel.</p>
          )}
        </section>
      ) : (
        <>
          <ChannelList
            initial={channels.map((c) => ({ id: c.id, name: c.name, type: c.type, config: c.config, secretsSet: c.secretsSet, health: c.health }))}
            titles={titles}
            canWrite={canWrite}
            now={Date.now()}
          />
          <p className="hint">
            {config.policy ? (
              <>
                Which alerts reach which channel: <a href="/notifications/policy">the notification policy</a>.
              </>
            ) : (
              <>
                No notification policy yet, so every channel gets every alert. <a href="/notifications/policy">Route alerts with a policy</a>.
              </>
            )}
          </p>
        </>
      )}
    </>
  );
}
