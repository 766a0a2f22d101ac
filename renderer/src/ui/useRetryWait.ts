import { useEffect, useState } from 'react';
import { retryAt } from '../api/client';

/**
 * Seconds left before a throttled sign-in or approval may be tried again, counting down; 0 when it may (or the
 * failure was not a throttle). The screens keep their submit button off meanwhile: a try then would only be refused.
 */
export function useRetryWait(error: unknown): number {
  const at = retryAt(error);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === null) return;
    const tick = () => {
      const n = Date.now();
      setNow(n);
      if (n >= at) clearInterval(timer);
    };
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, 250);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [at]);
  return at === null ? 0 : Math.max(0, Math.ceil((at - now) / 1000));
}

/** 75 -> "1:15": no plural forms to get wrong in either language. */
export const minutesSeconds = (seconds: number): string => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
