import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { requireSignedIn } from '@/app/_lib/session';
import { allows } from '@/lib/auth/roles';
import { ApiError } from '@/lib/http/errors';
import { getChannel } from '@/lib/notify/channel-actions';
import { ChannelForm } from '../channel-form';
import { channelTypeForms } from '../channel-types';

export const metadata: Metadata = { title: 'Channel' };
export const dynamic = 'force-dynamic';

export default async function ChannelPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { app, principal } = await requireSignedIn(`/notifications/channels/${id}`);
  const channel = await getChannel(app, id).catch((error) => {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  });
  const types = channelTypeForms();
  const title = types.find((t) => t.type === channel.type)?.title ?? channel.type;
  return (
    <>
      <p className="breadcrumb">
        <a href="/notifications">Notifications</a> /
      </p>
      <h1>{channel.name}</h1>
      <p className="subtitle">
        {title} channel. Secrets are stored encrypted and never shown: leave them empty to keep them.
      </p>
      <ChannelForm
        types={types}
        channel={{ id: channel.id, name: channel.name, type: channel.type, config: channel.config, secretsSet: channel.secretsSet }}
        canWrite={allows(principal.role, 'write')}
      />
    </>
  );
}
