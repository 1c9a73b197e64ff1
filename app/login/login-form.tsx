'use client';

import { useState } from 'react';
import { callApi } from '../components/api-client';

export function LoginForm({ next }: { next: string }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    const result = await callApi('POST', '/api/auth/sign-in/email', { email: form.get('email'), password: form.get('password') });
    setBusy(false);
    if (result.ok) window.location.assign(next.startsWith('/') && !next.startsWith('//') ? next : '/clusters');
    else setError(result.status === 401 ? 'Wrong email or password.' : result.message);
  }

  return (
    <form className="card form" onSubmit={submit} aria-describedby={error ? 'login-error' : undefined}>
      <label htmlFor="email">Email</label>
      <input id="email" name="email" type="email" autoComplete="username" required autoFocus />
      <label htmlFor="password">Password</label>
      <input id="password" name="password" type="password" autoComplete="current-password" required />
      {error && <p id="login-error" className="error" role="alert">{error}</p>}
      <button className="button" type="submit" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
    </form>
  );
}
