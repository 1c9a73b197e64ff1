'use client';

import { ErrorState } from '@/app/components/error-state';

export default function Error({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  return <ErrorState what="The overview" error={error} retry={retry} elsewhere={{ href: '/clusters', label: 'Go to the clusters' }} />;
}
