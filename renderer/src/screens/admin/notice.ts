import { useSyncExternalStore } from 'react';
import type { UserSummary } from '../../api/types';

/**
 * Why the last session ended, for the screen shown after it: the lock screen after inactivity, or a message on
 * the login screen after a restore. Lives outside React state because the Shell that sets it unmounts at once.
 */
export type SessionNotice = { kind: 'locked'; user: UserSummary; minutes: number } | { kind: 'restored'; at: string };

let current: SessionNotice | null = null;
const listeners = new Set<() => void>();

export function setSessionNotice(n: SessionNotice | null): void {
  if (current === n) return;
  current = n;
  for (const l of listeners) l();
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function useSessionNotice(): SessionNotice | null {
  return useSyncExternalStore(subscribe, () => current);
}
