'use client';

import { useState } from 'react';
import { callApi, problemsAt, useApiProblems } from '../components/api-client';

export function SetupForm() {
  const problems = useApiProblems();
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (form.get('password') !== form.get('confirm')) {
      problems.report({ message: '', issues: [{ path: 'confirm', message: 'the two passwords differ' }] });
      return;
    }
    setBusy(true);
    const result = await callApi('POST', '/api/setup', { name: form.get('name'), email: form.get('email'), password: form.get('password') });
    setBusy(false);
    if (result.ok) window.location.assign('/clusters');
    else problems.report(result);
  }

  const field = (name: string, label: string, type: string, autoComplete: string) => {
    const messages = problemsAt(problems.issues, name);
    return (
      <>
        <label htmlFor={name}>{label}</label>
        <input id={name} name={name} type={type} autoComplete={autoComplete} required aria-invalid={messages.length > 0} aria-describedby={messages.length ? `${name}-error` : undefined} />
        {messages.length > 0 && <p id={`${name}-error`} className="error">{messages.join('; ')}</p>}
      </>
    );
  };

  return (
    <form className="card form" onSubmit={submit}>
      {field('name', 'Your name', 'text', 'name')}
      {field('email', 'Email', 'email', 'username')}
      {field('password', 'Password (at least 12 characters)', 'password', 'new-password')}
      {field('confirm', 'Password again', 'password', 'new-password')}
      {problems.message && <p className="error" role="alert">{problems.message}</p>}
      <button className="button" type="submit" disabled={busy}>{busy ? 'Creating…' : 'Create admin account'}</button>
    </form>
  );
}
