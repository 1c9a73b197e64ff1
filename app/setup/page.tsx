import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { needsFirstAdmin } from '@/lib/auth/users';
import { appContext } from '@/lib/runtime/app-context';
import { SetupForm } from './setup-form';

export const metadata: Metadata = { title: 'Set up' };
export const dynamic = 'force-dynamic';

export default async function SetupPage() {
  if (!(await needsFirstAdmin(await appContext()))) redirect('/login');
  return (
    <div className="narrow">
      <h1>Welcome to Kubewatch</h1>
      <p className="subtitle">Create the first admin account. You can invite others afterwards.</p>
      <SetupForm />
    </div>
  );
}
