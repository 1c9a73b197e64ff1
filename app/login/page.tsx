import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { needsFirstAdmin } from '@/lib/auth/users';
import { appContext } from '@/lib/runtime/app-context';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  if (await needsFirstAdmin(await appContext())) redirect('/setup');
  const { next } = await searchParams;
  return (
    <div className="narrow">
      <h1>Sign in</h1>
      <p className="subtitle">Use the account an admin created for you.</p>
      <LoginForm next={next ?? '/clusters'} />
    </div>
  );
}
