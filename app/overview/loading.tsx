import { PageSkeleton } from '@/app/components/page-skeleton';

export default function Loading() {
  return <PageSkeleton what="the overview" layout="cards" count={3} />;
}
