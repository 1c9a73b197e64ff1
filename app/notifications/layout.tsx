import type { ReactNode } from 'react';
import { SignedInSection } from '@/app/_lib/session';
import { SectionNav } from './section-nav';

/** Notifications: channels, the routing policy, silences, mute timings and the delivery log (signed-in only, see SignedInSection). */
export default function NotificationsLayout({ children }: { children: ReactNode }) {
  return (
    <SignedInSection section="/notifications">
      <div className="notifications-section">
        <SectionNav />
        {children}
      </div>
    </SignedInSection>
  );
}
