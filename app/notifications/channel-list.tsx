'use client';

// The channels with their target and delivery health; editors can send a test notification to
// each and see the receiver's answer next to it.
import { useState } from 'react';
import { callApi } from '../components/api-client';
import { channelHealth, targetSummary, type ChannelSummary } from './channel-text';

export interface ChannelRow extends ChannelSummary {
  id: string;
  name: string;
}

interface TestResult {
  ok: boolean;
  status: number | null;
  latencyMs: number;
  response: string | null;
  error?: string;
  retryable?: boolean;
}

function TestOutcome({ result }: { result: TestResult | { failed: string } }) {
  if ('failed' in result) {
    return (
      <p className="test-result test-failed" role="status">
        <span className="state-tag health-failing">not sent</span> {result.failed}
      </p>
    );
  }
  const status = result.status === null ? 'no HTTP status' : `HTTP ${result.status}`;
  return (
    <p className={`test-result ${result.ok ? 'test-ok' : 'test-failed'}`} role="status">
      <span className={`state-tag ${result.ok ? 'health-healthy' : 'health-failing'}`}>{result.ok ? 'delivered' : 'failed'}</span> {status} in {result.latencyMs} ms
      {result.error && <> · {result.error}</>}
      {!result.ok && result.retryable !== undefined && <> · {result.retryable ? 'a real notification would be retried' : 'retrying would not help'}</>}
      {result.response && (
        <>
          {' '}
          · receiver answered <code>{result.response}</code>
        </>
      )}
    </p>
  );
}

export function ChannelList({ initial, titles, canWrite, now: serverNow }: { initial: ChannelRow[]; titles: Record<string, string>; canWrite: boolean; now: number }) {
  const [channels, setChannels] = useState(initial);
  const [now, setNow] = useState(serverNow);
  const [tests, setTests] = useState<Record<string, TestResult | { failed: string }>>({});
  const [busy, setBusy] = useState<string>();

  async function sendTest(channel: ChannelRow) {
    setBusy(channel.id);
    const result = await callApi<TestResult>('POST', `/api/v1/channels/${channel.id}/test`);
    setTests((all) => ({ ...all, [channel.id]: result.ok ? result.data : { failed: result.message } }));
    // The test updated the channel's health: show it.
    const list = await callApi<{ channels: ChannelRow[] }>('GET', '/api/v1/channels');
    if (list.ok) setChannels(list.data.channels);
    setNow(Date.now());
    setBusy(undefined);
  }

  return (
    <ul className="channel-list">
      {channels.map((channel) => {
        const health = channelHealth(channel.health, now);
        const test = tests[channel.id];
        return (
          <li key={channel.id} className="card channel-card" data-channel={channel.name}>
            <div className="channel-card-head">
              <h2>
                <a href={`/notifications/channels/${channel.id}`}>{channel.name}</a>
              </h2>
              <span className="tag">{titles[channel.type] ?? channel.type}</span>
            </div>
            <p className="channel-target">
              <code>{targetSummary(channel)}</code>
            </p>
            <p className="channel-health" data-testid="channel-health">
              <span className={`state-tag health-${health.state}`}>{health.word}</span>
              <span className="visually-hidden">:</span> <span className="channel-health-detail">{health.detail}</span>
            </p>
            {test && <TestOutcome result={test} />}
            <div className="actions">
              {canWrite && (
                <button type="button" className="button secondary small" onClick={() => sendTest(channel)} disabled={busy !== undefined} aria-label={`Send test to ${channel.name}`}>
                  {busy === channel.id ? 'Sending…' : 'Send test'}
                </button>
              )}
              <a className="button secondary small" href={`/notifications/channels/${channel.id}`} aria-label={`${canWrite ? 'Edit' : 'View'} ${channel.name}`}>
                {canWrite ? 'Edit' : 'View'}
              </a>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
