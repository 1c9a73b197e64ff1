import { PageSkeleton } from '@/app/components/page-skeleton';

export default function Loading() {
  return <PageSkeleton what="the notifications" layout="list" count={3} />;
}
