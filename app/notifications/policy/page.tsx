import type { Metadata } from 'next';
import { requireSignedIn } from '@/app/_lib/session';
import { allows } from '@/lib/auth/roles';
import { listChannels } from '@/lib/notify/channel-actions';
import { getNotificationConfig } from '@/lib/notify/policy-actions';
import { PolicyEditor } from './policy-editor';
import { configToYaml } from './policy-yaml';
import { routeTreeView } from './route-view';

export const metadata: Metadata = { title: 'Notification policy' };
export const dynamic = 'force-dynamic';

interface InhibitRule {
  sourceMatchers?: string[];
  targetMatchers?: string[];
  equal?: string[];
}

export default async function PolicyPage() {
  const { app, principal } = await requireSignedIn('/notifications/policy');
  const [config, channels] = await Promise.all([getNotificationConfig(app), listChannels(app)]);
  const view = config.policy ? routeTreeView(config.policy) : null;
  const inhibitRules = config.inhibitRules as InhibitRule[];
  return (
    <>
      <h1>Notification policy</h1>
      <p className="subtitle">Which alerts go to which channel, how they are grouped and how often they repeat — Alertmanager’s routing tree.</p>
      {channels.length === 0 && (
        <p className="hint">
          There are no channels yet: routes name channels as receivers. <a href="/notifications/channels/new">Add a channel</a> first.
        </p>
      )}
      <PolicyEditor
        initialYaml={configToYaml(config)}
        tree={view && 'tree' in view ? view.tree : null}
        treeProblem={view && 'problem' in view ? view.problem : undefined}
        channels={channels.map((c) => c.name)}
        canWrite={allows(principal.role, 'write')}
      />
      <section className="card" aria-labelledby="inhibit-title">
        <h2 id="inhibit-title">Inhibition rules</h2>
        {inhibitRules.length === 0 ? (
          <p className="hint">None. An inhibition rule mutes alerts (e.g. warnings) while a related alert (e.g. a critical one with the same alertname and cluster) fires; add them under inhibitRules above.</p>
        ) : (
          <ul className="inhibit-list">
            {inhibitRules.map((rule, i) => (
              <li key={i}>
                While an alert matching <Matchers list={rule.sourceMatchers} /> fires, alerts matching <Matchers list={rule.targetMatchers} /> are muted
                {rule.equal?.length ? (
                  <>
                    {' '}
                    when they have the same <code>{rule.equal.join(', ')}</code>
                  </>
                ) : null}
                .
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function Matchers({ list }: { list: string[] | undefined }) {
  if (!list?.length) return <em>anything</em>;
  return (
    <span className="labels inline-flex align-middle">
      {list.map((m) => (
        <code key={m}>{m}</code>
      ))}
    </span>
  );
}
