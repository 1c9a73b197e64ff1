'use client';

import { useState } from 'react';
import type { ClusterView } from '@/lib/clusters/cluster-record';
import { callApi, type FieldProblem, problemsAt } from '../components/api-client';
import { IssueList } from '@/app/components/issue-list';

type AuthType = 'none' | 'bearer' | 'basic';
type KubeAuth = 'token' | 'clientCertificate' | 'none';

interface Props {
  /** Editing an existing cluster; absent when registering a new one. */
  cluster?: ClusterView;
}

interface CheckResult {
  ok: boolean;
  latencyMs: number;
  version?: string;
  error?: { kind: string; message: string };
}

const parseLines = (text: string, separator: RegExp) =>
  Object.fromEntries(
    text
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => {
        const match = separator.exec(line);
        return match ? [line.slice(0, match.index).trim(), line.slice(match.index + match[0].length).trim()] : [line, ''];
      }),
  );

/** Register (POST) or edit (JSON Merge Patch) a cluster; credentials left empty on edit are kept. */
export function ClusterForm({ cluster }: Props) {
  const editing = Boolean(cluster);
  const [authType, setAuthType] = useState<AuthType>(cluster?.prometheus.auth.type ?? 'none');
  const [withKube, setWithKube] = useState(Boolean(cluster?.kubernetes));
  const [kubeAuth, setKubeAuth] = useState<KubeAuth>(cluster?.kubernetes?.auth ?? 'token');
  const [issues, setIssues] = useState<FieldProblem[]>([]);
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string }>();
  const [checks, setChecks] = useState<{ prometheus: CheckResult; kubernetes?: CheckResult }>();
  const [busy, setBusy] = useState<'save' | 'test'>();

  function readForm(form: HTMLFormElement) {
    const f = new FormData(form);
    const text = (name: string) => String(f.get(name) ?? '').trim();
    const optional = (name: string) => text(name) || undefined;
    const secret = (name: string) => String(f.get(name) ?? '') || undefined;

    const auth =
      authType === 'bearer'
        ? { type: 'bearer', token: secret('promToken') }
        : authType === 'basic'
          ? { type: 'basic', username: text('promUsername'), password: secret('promPassword') }
          : { type: 'none' };
    const headerText = String(f.get('promHeaders') ?? '');
    const kubernetes = withKube
      ? {
          server: text('kubeServer'),
          token: kubeAuth === 'token' ? secret('kubeToken') : undefined,
          clientCert: kubeAuth === 'clientCertificate' ? optional('kubeClientCert') : undefined,
          clientKey: kubeAuth === 'clientCertificate' ? secret('kubeClientKey') : undefined,
          caCert: optional('kubeCaCert'),
          insecureSkipVerify: f.get('kubeInsecure') === 'on',
        }
      : undefined;
    return {
      name: text('name'),
      displayName: optional('displayName'),
      description: optional('description'),
      labels: parseLines(String(f.get('labels') ?? ''), /=/),
      prometheus: {
        url: text('promUrl'),
        auth,
        caCert: optional('promCaCert'),
        insecureSkipVerify: f.get('promInsecure') === 'on',
        headers: headerText.trim() ? parseLines(headerText, /:/) : undefined,
        selector: optional('promSelector'),
      },
      kubernetes,
    };
  }

  /** For PATCH: send what the form shows; null clears; empty secrets are omitted (kept). */
  function toMergePatch(input: ReturnType<typeof readForm>) {
    const before = cluster!;
    const authChanged = input.prometheus.auth.type !== before.prometheus.auth.type;
    const prometheusAuth: Record<string, unknown> = { ...input.prometheus.auth };
    if (authChanged) for (const key of ['token', 'username', 'password']) if (!(key in prometheusAuth) || prometheusAuth[key] === undefined) prometheusAuth[key] = null;
    const kubeAuthChanged = input.kubernetes && before.kubernetes && before.kubernetes.auth !== kubeAuth;
    return {
      name: input.name,
      displayName: input.displayName ?? null,
      description: input.description ?? null,
      labels: { ...Object.fromEntries(Object.keys(before.labels).map((k) => [k, null])), ...input.labels },
      prometheus: {
        ...input.prometheus,
        auth: prometheusAuth,
        caCert: input.prometheus.caCert ?? null,
        selector: input.prometheus.selector ?? null,
      },
      kubernetes: input.kubernetes
        ? {
            ...input.kubernetes,
            caCert: input.kubernetes.caCert ?? null,
            ...(kubeAuthChanged ? { token: input.kubernetes.token ?? null, clientCert: input.kubernetes.clientCert ?? null, clientKey: input.kubernetes.clientKey ?? null } : {}),
          }
        : null,
    };
  }

  async function save(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy('save');
    setMessage(undefined);
    setIssues([]);
    const input = readForm(event.currentTarget);
    const result = editing
      ? await callApi<ClusterView>('PATCH', `/api/v1/clusters/${cluster!.id}`, JSON.parse(JSON.stringify(toMergePatch(input))))
      : await callApi<ClusterView>('POST', '/api/v1/clusters', JSON.parse(JSON.stringify(input)));
    setBusy(undefined);
    if (result.ok) {
      window.location.assign(`/clusters/${result.data.id}`);
      return;
    }
    setIssues(result.issues);
    setMessage({ kind: 'error', text: result.message });
  }

  async function testConnection(form: HTMLFormElement) {
    setBusy('test');
    setChecks(undefined);
    setMessage(undefined);
    setIssues([]);
    const input = readForm(form);
    // Editing with unchanged credentials: test what is saved (the form does not hold secrets).
    const result = editing
      ? await callApi<{ prometheus: CheckResult; kubernetes?: CheckResult }>('POST', `/api/v1/clusters/${cluster!.id}/test`)
      : await callApi<{ prometheus: CheckResult; kubernetes?: CheckResult }>('POST', '/api/v1/clusters/test', JSON.parse(JSON.stringify({ prometheus: input.prometheus, kubernetes: input.kubernetes })));
    setBusy(undefined);
    if (result.ok) setChecks(result.data);
    else {
      setIssues(result.issues);
      setMessage({ kind: 'error', text: result.message });
    }
  }

  const field = (name: string, path: string, label: string, input: React.ReactNode, hint?: string) => {
    const problems = problemsAt(issues, path);
    return (
      <div className="field">
        <label htmlFor={name}>{label}</label>
        {input}
        {hint && <span className="hint">{hint}</span>}
        {problems.length > 0 && (
          <p className="error" id={`${name}-error`}>
            {problems.join('; ')}
          </p>
        )}
      </div>
    );
  };
  const invalid = (path: string) => ({ 'aria-invalid': problemsAt(issues, path).length > 0 });
  const keep = editing ? 'unchanged; type to replace' : undefined;

  return (
    <form className="form cluster-form" onSubmit={save} noValidate>
      {message && (
        <div className={message.kind === 'error' ? 'error-box' : 'ok'} role="alert">
          <strong>{message.text}</strong>
          <IssueList issues={issues} />
        </div>
      )}
      <fieldset>
        <legend>Cluster</legend>
        {field('name', 'name', 'Name', <input id="name" name="name" defaultValue={cluster?.name} placeholder="prod-eu" required {...invalid('name')} />, 'Lowercase letters, digits and "-": the cluster label on every alert.')}
        {field('displayName', 'displayName', 'Display name', <input id="displayName" name="displayName" defaultValue={cluster?.displayName ?? ''} placeholder="Production EU" />)}
        {field('description', 'description', 'Description', <textarea id="description" name="description" rows={2} defaultValue={cluster?.description ?? ''} />)}
        {field(
          'labels',
          'labels',
          'Labels',
          <textarea id="labels" name="labels" rows={3} defaultValue={Object.entries(cluster?.labels ?? {}).map(([k, v]) => `${k}=${v}`).join('\n')} placeholder={'env=prod\nregion=eu'} {...invalid('labels')} />,
          'One key=value per line (Kubernetes label rules); used by selectors.',
        )}
      </fieldset>

      <fieldset>
        <legend>Prometheus</legend>
        {field('promUrl', 'prometheus.url', 'URL', <input id="promUrl" name="promUrl" type="url" defaultValue={cluster?.prometheus.url} placeholder="https://prometheus.example.com" required {...invalid('prometheus.url')} />)}
        {field(
          'promAuth',
          'prometheus.auth.type',
          'Authentication',
          <select id="promAuth" value={authType} onChange={(e) => setAuthType(e.target.value as AuthType)}>
            <option value="none">None</option>
            <option value="bearer">Bearer token</option>
            <option value="basic">Basic (username and password)</option>
          </select>,
        )}
        {authType === 'bearer' && field('promToken', 'prometheus.auth.token', 'Token', <input id="promToken" name="promToken" type="password" autoComplete="off" placeholder={keep} {...invalid('prometheus.auth.token')} />)}
        {authType === 'basic' && (
          <>
            {field('promUsername', 'prometheus.auth.username', 'Username', <input id="promUsername" name="promUsername" defaultValue={cluster?.prometheus.auth.type === 'basic' ? cluster.prometheus.auth.username : ''} {...invalid('prometheus.auth.username')} />)}
            {field('promPassword', 'prometheus.auth.password', 'Password', <input id="promPassword" name="promPassword" type="password" autoComplete="off" placeholder={keep} {...invalid('prometheus.auth.password')} />)}
          </>
        )}
        {field('promCaCert', 'prometheus.caCert', 'CA certificate (PEM)', <textarea id="promCaCert" name="promCaCert" rows={3} defaultValue={cluster?.prometheus.caCert ?? ''} placeholder="-----BEGIN CERTIFICATE-----" {...invalid('prometheus.caCert')} />)}
        <label className="row">
          <input type="checkbox" name="promInsecure" defaultChecked={cluster?.prometheus.insecureSkipVerify} /> Skip TLS verification (insecure)
        </label>
        {field(
          'promHeaders',
          'prometheus.headers',
          'Extra headers',
          <textarea id="promHeaders" name="promHeaders" rows={2} placeholder={editing && cluster!.prometheus.headerNames.length ? `set: ${cluster!.prometheus.headerNames.join(', ')} (unchanged; type all to replace)` : 'X-Scope-OrgID: tenant-1'} {...invalid('prometheus.headers')} />,
          'One "Name: value" per line. Values are stored encrypted and never shown again.',
        )}
        {field('promSelector', 'prometheus.selector', 'Series selector', <input id="promSelector" name="promSelector" defaultValue={cluster?.prometheus.selector ?? ''} placeholder='{cluster="prod-eu"}' {...invalid('prometheus.selector')} />, 'For a Prometheus shared by several clusters (Thanos, Mimir): matchers added to every query.')}
      </fieldset>

      <fieldset>
        <legend>Kubernetes API (optional)</legend>
        <label className="row">
          <input type="checkbox" checked={withKube} onChange={(e) => setWithKube(e.target.checked)} /> Connect to the Kubernetes API (nodes, workloads, events)
        </label>
        {withKube && (
          <>
            {field('kubeServer', 'kubernetes.server', 'API server URL', <input id="kubeServer" name="kubeServer" type="url" defaultValue={cluster?.kubernetes?.server} placeholder="https://10.0.0.1:6443" {...invalid('kubernetes.server')} />)}
            {field(
              'kubeAuth',
              'kubernetes',
              'Authentication',
              <select id="kubeAuth" value={kubeAuth} onChange={(e) => setKubeAuth(e.target.value as KubeAuth)}>
                <option value="token">Bearer token (service account)</option>
                <option value="clientCertificate">Client certificate</option>
                <option value="none">None</option>
              </select>,
            )}
            {kubeAuth === 'token' && field('kubeToken', 'kubernetes.token', 'Token', <input id="kubeToken" name="kubeToken" type="password" autoComplete="off" placeholder={keep} {...invalid('kubernetes.token')} />)}
            {kubeAuth === 'clientCertificate' && (
              <>
                {field('kubeClientCert', 'kubernetes.clientCert', 'Client certificate (PEM)', <textarea id="kubeClientCert" name="kubeClientCert" rows={3} defaultValue={cluster?.kubernetes?.clientCert ?? ''} {...invalid('kubernetes.clientCert')} />)}
                {field('kubeClientKey', 'kubernetes.clientKey', 'Client key (PEM)', <textarea id="kubeClientKey" name="kubeClientKey" rows={3} placeholder={keep} {...invalid('kubernetes.clientKey')} />)}
              </>
            )}
            {field('kubeCaCert', 'kubernetes.caCert', 'CA certificate (PEM)', <textarea id="kubeCaCert" name="kubeCaCert" rows={3} defaultValue={cluster?.kubernetes?.caCert ?? ''} {...invalid('kubernetes.caCert')} />)}
            <label className="row">
              <input type="checkbox" name="kubeInsecure" defaultChecked={cluster?.kubernetes?.insecureSkipVerify} /> Skip TLS verification (insecure)
            </label>
          </>
        )}
      </fieldset>

      {checks && (
        <section className="card checks" aria-live="polite">
          <h2>Connection test</h2>
          {(['prometheus', 'kubernetes'] as const).map((which) => {
            const check = checks[which];
            if (!check) return null;
            return (
              <p key={which} className={check.ok ? 'ok' : 'error'}>
                <strong>{which === 'prometheus' ? 'Prometheus' : 'Kubernetes API'}:</strong>{' '}
                {check.ok ? `reachable, version ${check.version} (${check.latencyMs} ms)` : `${check.error!.message} (${check.latencyMs} ms)`}
              </p>
            );
          })}
        </section>
      )}

      <div className="actions">
        <button className="button" type="submit" disabled={busy !== undefined}>
          {busy === 'save' ? 'Saving…' : editing ? 'Save changes' : 'Register cluster'}
        </button>
        <button className="button secondary" type="button" disabled={busy !== undefined} onClick={(e) => testConnection(e.currentTarget.form!)}>
          {busy === 'test' ? 'Testing…' : editing ? 'Test saved connection' : 'Test connection'}
        </button>
        <a className="button secondary" href={editing ? `/clusters/${cluster!.id}` : '/clusters'}>
          Cancel
        </a>
      </div>
    </form>
  );
}
