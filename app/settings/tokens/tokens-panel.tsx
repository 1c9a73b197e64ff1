'use client';

import { useState } from 'react';
import { callApi, problemsAt, useApiProblems } from '../../components/api-client';

interface Token {
  id: string;
  name: string;
  prefix: string;
  role: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

const when = (iso: string | null) => (iso ? new Date(iso).toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '—');

export function TokensPanel({ initial, roles }: { initial: Token[]; roles: string[] }) {
  const [tokens, setTokens] = useState(initial);
  const [created, setCreated] = useState<string>();
  const problems = useApiProblems();

  async function create(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const days = Number(form.get('expiresInDays'));
    const result = await callApi<Token & { token: string }>('POST', '/api/v1/tokens', {
      name: String(form.get('name') ?? ''),
      role: form.get('role'),
      ...(days ? { expiresInDays: days } : {}),
    });
    if (!result.ok) {
      problems.report(result);
      return;
    }
    problems.clear();
    setCreated(result.data.token);
    const { token: _shownOnce, ...view } = result.data;
    setTokens((all) => [view, ...all]);
    event.currentTarget.reset();
  }

  async function revoke(id: string) {
    const result = await callApi<Token>('DELETE', `/api/v1/tokens/${id}`);
    if (result.ok) setTokens((all) => all.map((t) => (t.id === id ? result.data : t)));
    else problems.show(result.message);
  }

  return (
    <>
      <form className="card form" onSubmit={create}>
        <h2>New token</h2>
        <label htmlFor="token-name">Name</label>
        <input id="token-name" name="name" placeholder="terraform, ci, laptop" required aria-invalid={problemsAt(problems.issues, 'name').length > 0} />
        {problemsAt(problems.issues, 'name').map((m) => <p key={m} className="error">{m}</p>)}
        <label htmlFor="token-role">Role</label>
        <select id="token-role" name="role" defaultValue={roles.at(-1)}>
          {roles.map((role) => <option key={role} value={role}>{role}</option>)}
        </select>
        {problemsAt(problems.issues, 'role').map((m) => <p key={m} className="error">{m}</p>)}
        <label htmlFor="token-expiry">Expires after (days, empty = never)</label>
        <input id="token-expiry" name="expiresInDays" type="number" min={1} max={3650} />
        {problems.message && <p className="error" role="alert">{problems.message}</p>}
        <div className="actions"><button className="button" type="submit">Create token</button></div>
      </form>
      {created && (
        <div className="card" role="status">
          <h2>Copy your token now</h2>
          <p>It is shown only once. Use it as <code>Authorization: Bearer …</code>.</p>
          <pre><code data-testid="new-token">{created}</code></pre>
          <button className="button secondary" type="button" onClick={() => navigator.clipboard?.writeText(created)}>Copy</button>
        </div>
      )}
      <section className="card">
        <h2>Your tokens</h2>
        {tokens.length === 0 ? (
          <p className="hint">No tokens yet: create one above for a script or a CI job.</p>
        ) : (
          <div className="table-scroll" tabIndex={0} role="region" aria-label="API tokens">
<table>
            <thead>
              <tr><th scope="col">Name</th><th scope="col">Token</th><th scope="col">Role</th><th scope="col">Last used</th><th scope="col">Expires</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td><code>{t.prefix}…</code></td>
                  <td>{t.role}</td>
                  <td>{when(t.lastUsedAt)}</td>
                  <td>{when(t.expiresAt)}</td>
                  <td>{t.revokedAt ? <span className="hint">revoked {when(t.revokedAt)}</span> : <button className="linklike" type="button" onClick={() => revoke(t.id)}>Revoke {t.name}</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
</div>
        )}
      </section>
    </>
  );
}
