'use client';

import { ErrorState } from '@/app/components/error-state';

export default function Error({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  return <ErrorState what="The alerts page" error={error} retry={retry} elsewhere={{ href: '/overview', label: 'Go to the overview' }} />;
}
