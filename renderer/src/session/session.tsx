import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { api, ApiFailure, onSessionLost } from '../api/client';
import { useApiEvents } from '../api/hooks';
import type { Me, Permission, SystemInfo } from '../api/types';
import { chooseLanguage, savedLanguage } from '../i18n';

const ME_KEY = ['auth.me', {}] as const;

interface Session {
  info: SystemInfo;
  user: Me | null;
  /** Still asking the server whether this tab has a session. */
  restoring: boolean;
  restoreError: ApiFailure | null;
  retryRestore(): void;
  signedIn(user: Me): void;
  logout(): Promise<void>;
  can(p: Permission): boolean;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** The current user, restored from the server's session on reload; null means "show the login screen". */
function useMe() {
  return useQuery<Me | null, ApiFailure>({
    queryKey: ME_KEY,
    retry: false,
    staleTime: Infinity,
    queryFn: async () => {
      const r = await api.call('auth.me', {});
      if (r.ok) return r.value.user;
      // No session (or one this tab cannot prove it owns): log in again rather than show an error.
      if (r.error.code === 'unauthenticated' || r.error.code === 'csrf') return null;
      throw new ApiFailure(r.error.code, r.error.message);
    },
  });
}

interface ProviderProps {
  info: SystemInfo;
  children: ReactNode;
}

export function SessionProvider({ info, children }: ProviderProps) {
  const client = useQueryClient();
  const me = useMe();

  useEffect(() => {
    if (!savedLanguage()) chooseLanguage(info.locale, false);
  }, [info.locale]);

  const signedIn = useCallback((user: Me) => client.setQueryData(ME_KEY, user), [client]);
  const ended = useCallback(() => {
    const was = client.getQueryData(ME_KEY);
    // Already signed out: a late 401 from a screen that was closing must not wipe what the login screen just loaded.
    if (was === null) return;
    // Everything cached was fetched as the previous user.
    client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'system.info' && q.queryKey[0] !== 'auth.me' });
    client.setQueryData(ME_KEY, null);
    // The screen in the URL was the previous user's; the next one starts on their own first screen. A link opened
    // without a session (was: still asking) is kept: it opens once the user signs in.
    if (was) history.replaceState(null, '', location.pathname + location.search);
  }, [client]);
  const logout = useCallback(async () => {
    await api.call('auth.logout', {});
    ended();
  }, [ended]);
  // The event does not say whose session ended, so ask the server about ours (an 'unauthenticated' answer calls ended).
  const recheck = useCallback(() => void client.invalidateQueries({ queryKey: ME_KEY }), [client]);
  useApiEvents(recheck);
  useEffect(() => onSessionLost(ended), [ended]);

  const user = me.data ?? null;
  const { isPending, error, refetch } = me;
  const session = useMemo<Session>(
    () => ({
      info,
      user,
      restoring: isPending,
      restoreError: error,
      retryRestore: () => void refetch(),
      signedIn,
      logout,
      can: (p) => !!user?.permissions.includes(p),
    }),
    [info, user, isPending, error, refetch, signedIn, logout],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
