import type { ReactNode } from 'react';
import { SignedInSection } from '@/app/_lib/session';

/** Signed-in only, checked before the section's loading skeleton streams (see SignedInSection). */
export default function Layout({ children }: { children: ReactNode }) {
  return <SignedInSection section="/overview">{children}</SignedInSection>;
}
