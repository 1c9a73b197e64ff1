'use client';

import { ErrorState } from '@/app/components/error-state';

export default function Error({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  return <ErrorState what="This cluster" error={error} retry={retry} elsewhere={{ href: '/clusters', label: 'Back to all clusters' }} />;
}
