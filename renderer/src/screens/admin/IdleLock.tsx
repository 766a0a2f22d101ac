import { useEffect } from 'react';
import { api } from '../../api/client';
import { useApiQuery } from '../../api/hooks';
import type { Me } from '../../api/types';
import { useSession } from '../../session/session';
import { setSessionNotice } from './notice';

const ACTIVITY = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

/**
 * Auto-lock: after settings.counter.autoLockMinutes without keyboard or pointer activity (0 = never) the session is
 * ended with auth.logout and the lock screen shown. The open sale is safe: carts live on the server.
 * Activity only stamps the time; one timer sleeps until the earliest moment the till could be idle long enough.
 */
export function IdleLock({ user }: { user: Me }) {
  const { logout } = useSession();
  const settings = useApiQuery('settings.get', {}, { staleTime: 5 * 60_000 });
  const minutes = settings.data?.counter.autoLockMinutes ?? 0;
  const { id, name, role, signIn } = user;

  // Signed in again: whatever ended the previous session has been dealt with.
  useEffect(() => setSessionNotice(null), []);

  useEffect(() => {
    if (!minutes) return;
    const ms = minutes * 60_000;
    let last = Date.now();
    const activity = () => {
      last = Date.now();
    };
    const check = () => {
      const idle = Date.now() - last;
      if (idle < ms) {
        timer = window.setTimeout(check, ms - idle);
        return;
      }
      setSessionNotice({ kind: 'locked', user: { id, name, role, signIn }, minutes });
      void logout();
    };
    let timer = window.setTimeout(check, ms);
    for (const type of ACTIVITY) window.addEventListener(type, activity, { capture: true, passive: true });
    // A serial scanner's read is someone at the till too.
    const off = api.on((e) => e.type === 'scanner.scan' && activity());
    return () => {
      window.clearTimeout(timer);
      for (const type of ACTIVITY) window.removeEventListener(type, activity, { capture: true });
      off();
    };
  }, [minutes, id, name, role, signIn, logout]);

  return null;
}
