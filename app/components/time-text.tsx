'use client';

import { useEffect, useState } from 'react';
import { utcText } from './format';

/**
 * An absolute time: UTC while server-rendered, the reader's local time once in the browser,
 * with the exact instant in the title and the machine-readable dateTime. `timeOnly` drops the
 * date where the context gives it (short ranges).
 */
export function LocalTime({ iso, timeOnly = false }: { iso: string; timeOnly?: boolean }) {
  const [local, setLocal] = useState(false);
  useEffect(() => setLocal(true), []);
  return (
    <time dateTime={iso} title={utcText(iso)}>
      {local ? (timeOnly ? new Date(iso).toLocaleTimeString() : new Date(iso).toLocaleString()) : utcText(iso)}
    </time>
  );
}
