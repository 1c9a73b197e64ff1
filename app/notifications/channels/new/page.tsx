import type { Metadata } from 'next';
import { requireSignedIn } from '@/app/_lib/session';
import { ChannelForm } from '../channel-form';
import { channelTypeForms } from '../channel-types';

export const metadata: Metadata = { title: 'New channel' };
export const dynamic = 'force-dynamic';

export default async function NewChannelPage({ searchParams }: { searchParams: Promise<{ type?: string }> }) {
  await requireSignedIn('/notifications/channels/new', 'write');
  const { type } = await searchParams;
  return (
    <>
      <p className="breadcrumb">
        <a href="/notifications">Notifications</a> /
      </p>
      <h1>New channel</h1>
      <p className="subtitle">Where notifications go: email, Slack, a webhook, PagerDuty, Microsoft Teams or an existing Alertmanager.</p>
      <ChannelForm types={channelTypeForms()} canWrite initialType={type} />
    </>
  );
}
