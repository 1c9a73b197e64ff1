'use client';

import { useState } from 'react';
import { callApi, problemsAt, useApiProblems } from '../../components/api-client';

interface User {
  id: string;
  email: string;
  name: string;
  role: string;
  createdAt: string;
}

const ROLES = ['viewer', 'editor', 'admin'];

export function UsersPanel({ initial, me }: { initial: User[]; me: string }) {
  const [users, setUsers] = useState(initial);
  const problems = useApiProblems();

  async function create(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = Object.fromEntries(new FormData(form));
    const result = await callApi<User>('POST', '/api/v1/users', data);
    if (!result.ok) {
      problems.report(result);
      return;
    }
    problems.clear();
    setUsers((all) => [...all, result.data].sort((a, b) => a.email.localeCompare(b.email)));
    form.reset();
  }

  async function setRole(id: string, role: string) {
    const result = await callApi<User>('PATCH', `/api/v1/users/${id}`, { role });
    if (result.ok) setUsers((all) => all.map((u) => (u.id === id ? result.data : u)));
    else problems.show(result.message);
  }

  async function remove(user: User) {
    if (!window.confirm(`Delete ${user.email}? Their sessions and tokens stop working.`)) return;
    const result = await callApi('DELETE', `/api/v1/users/${user.id}`);
    if (result.ok) setUsers((all) => all.filter((u) => u.id !== user.id));
    else problems.show(result.message);
  }

  const errorsAt = (path: string) => problemsAt(problems.issues, path).map((m) => <p key={m} className="error">{m}</p>);
  return (
    <>
      {problems.message && <p className="error" role="alert">{problems.message}</p>}
      <section className="card">
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Users">
<table>
          <thead><tr><th scope="col">Email</th><th scope="col">Name</th><th scope="col">Role</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.email}</td>
                <td>{u.name}</td>
                <td>
                  <select aria-label={`Role of ${u.email}`} value={u.role} onChange={(e) => setRole(u.id, e.target.value)}>
                    {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
                  </select>
                </td>
                <td>{u.id !== me && <button className="linklike" type="button" onClick={() => remove(u)}>Delete {u.email}</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
</div>
      </section>
      <form className="card form" onSubmit={create}>
        <h2>Add a user</h2>
        <label htmlFor="user-email">Email</label>
        <input id="user-email" name="email" type="email" required />
        {errorsAt('email')}
        <label htmlFor="user-name">Name</label>
        <input id="user-name" name="name" required />
        {errorsAt('name')}
        <label htmlFor="user-password">Initial password (at least 12 characters)</label>
        <input id="user-password" name="password" type="password" autoComplete="new-password" required />
        {errorsAt('password')}
        <label htmlFor="user-role">Role</label>
        <select id="user-role" name="role" defaultValue="viewer">
          {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
        </select>
        <div className="actions"><button className="button" type="submit">Add user</button></div>
      </form>
    </>
  );
}
