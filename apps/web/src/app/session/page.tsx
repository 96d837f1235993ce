'use client';
import { useSearchParams } from 'next/navigation';
import { Suspense } from 'react';
import { SessionDetail } from '../../components/session-detail';

function DetailFromQuery() {
  const id = useSearchParams().get('id');
  return <SessionDetail id={id} />;
}

export default function SessionPage() {
  return (
    <Suspense fallback={null}>
      <DetailFromQuery />
    </Suspense>
  );
}
