import { PageSkeleton } from '@/app/components/page-skeleton';

export default function Loading() {
  return <PageSkeleton what="the cluster" layout="detail" count={4} />;
}
