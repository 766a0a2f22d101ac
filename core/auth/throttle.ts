import { inTransaction, type Db } from '../../db/connection';
import { appendAudit } from '../../db/queries/audit';
import {
  clearLegacyLock,
  clearThrottle,
  clearUserThrottles,
  getThrottle,
  pruneThrottles,
  putThrottle,
  throttlesOfUser,
} from '../../db/queries/auth';
import type { CallSource } from '../api/handler';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * How one count of wrong secrets slows the next try: the first `free` failures cost nothing, then the wait
 * doubles from `firstDelayMs` up to `maxDelayMs`. A count whose last failure is `quietMs` old starts again.
 */
export interface ThrottleRule {
  free: number;
  firstDelayMs: number;
  maxDelayMs: number;
  quietMs: number;
}

export const THROTTLE_RULES = {
  /** The shop's own PC: a person at the till who mistypes waits seconds, never more than a minute. */
  counter: { free: 3, firstDelayMs: 2 * SECOND, maxDelayMs: MINUTE, quietMs: 15 * MINUTE },
  /** One remote address: slows a single guesser early. */
  address: { free: 3, firstDelayMs: 10 * SECOND, maxDelayMs: 30 * MINUTE, quietMs: 24 * HOUR },
  /**
   * All remote addresses together: what bounds a guesser with many addresses. At most one try per 30 minutes
   * once warmed up, and the count only resets after a quiet day, so a day holds well under 100 tries.
   */
  remote: { free: 5, firstDelayMs: MINUTE, maxDelayMs: 30 * MINUTE, quietMs: 24 * HOUR },
} as const satisfies Record<string, ThrottleRule>;

/** The wait after the `failures`-th failure in a row. */
export function delayAfter(rule: ThrottleRule, failures: number): number {
  if (failures <= rule.free) return 0;
  return Math.min(rule.maxDelayMs, rule.firstDelayMs * 2 ** Math.min(failures - rule.free - 1, 30));
}

/**
 * The counts a call from this source runs into. The counter is one source whatever its address (the desktop
 * window, loopback, in-process), and nothing from elsewhere touches its count: the owner can always get in there.
 */
export function throttleKeys(source: CallSource): { key: string; rule: ThrottleRule }[] {
  if (source.counter) return [{ key: 'counter', rule: THROTTLE_RULES.counter }];
  return [
    { key: `remote:${source.address}`, rule: THROTTLE_RULES.address },
    { key: 'remote', rule: THROTTLE_RULES.remote },
  ];
}

const ruleOf = (key: string): ThrottleRule =>
  key === 'counter' ? THROTTLE_RULES.counter : key === 'remote' ? THROTTLE_RULES.remote : THROTTLE_RULES.address;
const LONGEST_QUIET = Math.max(...Object.values(THROTTLE_RULES).map((r) => r.quietMs));
const iso = (ms: number) => new Date(ms).toISOString();
const live = (lastFailureAt: string, rule: ThrottleRule, now: number) => now - Date.parse(lastFailureAt) < rule.quietMs;

/** When this user may next be tried from this source, or null when now. */
export function throttledUntil(db: Db, userId: number, source: CallSource, now: number): number | null {
  let until: number | null = null;
  for (const { key, rule } of throttleKeys(source)) {
    const row = getThrottle(db, userId, key);
    if (!row || !live(row.lastFailureAt, rule, now)) continue;
    const next = Date.parse(row.nextTryAt);
    if (next > now && (until === null || next > until)) until = next;
  }
  return until;
}

/** Counts one failure on every count the source runs into; returns the longest of the resulting counts. Call in a transaction. */
export function recordFailure(db: Db, userId: number, source: CallSource, now: number): number {
  let most = 0;
  for (const { key, rule } of throttleKeys(source)) {
    const row = getThrottle(db, userId, key);
    const failures = row && live(row.lastFailureAt, rule, now) ? row.failures + 1 : 1;
    putThrottle(db, { userId, source: key, failures, lastFailureAt: iso(now), nextTryAt: iso(now + delayAfter(rule, failures)) });
    most = Math.max(most, failures);
  }
  // Rows past every quiet period count for nothing; claimed ids that do not exist would otherwise pile up.
  pruneThrottles(db, iso(now - LONGEST_QUIET));
  return most;
}

/**
 * The right secret resets the count of the place it came from. Not the all-remote count: a guesser with many
 * addresses would get a fresh run of free tries each time the rightful user signs in from elsewhere.
 */
export function recordSuccess(db: Db, userId: number, source: CallSource): void {
  const key = throttleKeys(source)[0]!.key;
  if (getThrottle(db, userId, key)) inTransaction(db, () => clearThrottle(db, userId, key));
}

/** Clears every throttle of a user (and a lockout left by older versions), audited as `auth.unlocked`. */
export function unlockUser(db: Db, userId: number, actor: number | null, by: 'cli' | 'app'): string[] {
  return inTransaction(db, () => {
    const sources = throttlesOfUser(db, userId).map((r) => r.source);
    clearUserThrottles(db, userId);
    clearLegacyLock(db, userId);
    appendAudit(db, { userId: actor, action: 'auth.unlocked', entity: 'user', entityId: userId, data: { by, sources } });
    return sources;
  });
}

/** What the users screen shows: the most failures in a row from any source, and the latest time a try is held back to. */
export function throttleSummary(db: Db, userId: number, now: number): { failures: number; until: string | null } {
  let failures = 0;
  let until: string | null = null;
  for (const row of throttlesOfUser(db, userId)) {
    if (!live(row.lastFailureAt, ruleOf(row.source), now)) continue;
    failures = Math.max(failures, row.failures);
    if (Date.parse(row.nextTryAt) > now && (until === null || row.nextTryAt > until)) until = row.nextTryAt;
  }
  return { failures, until };
}
