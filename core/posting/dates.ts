/**
 * Business dates: the day a document belongs to, in the shop's time zone, apart from the instant it was posted.
 * Reports by date, valuation as of a date and (soon) the period lock all go by it.
 */
import type { Db } from '../../db/connection';
import { lockedThrough } from '../../db/queries/period';
import type { Permission } from '../contract/permissions';
import { fail } from '../errors';
import { machineTimeZone, setting } from '../settings';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    const options = { year: 'numeric', month: '2-digit', day: '2-digit' } as const;
    try {
      f = new Intl.DateTimeFormat('en-US', { ...options, timeZone });
    } catch (err) {
      // A zone this runtime does not know (a database moved to an older system): selling must go on, so the
      // machine's zone stands in, said once in the log.
      console.error(
        `[lavka] time zone ${JSON.stringify(timeZone)} is unknown here (${(err as Error).message}); business dates use ${machineTimeZone()}`,
      );
      f = new Intl.DateTimeFormat('en-US', { ...options, timeZone: machineTimeZone() });
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * The last day worked out per zone and the UTC minute it holds for: since 1972 every zone's offset, and so every
 * local midnight, falls on a whole minute, so the day cannot change within one (formatting costs a sale ~10 µs).
 */
const lastDay = new Map<string, { minute: number; day: string }>();
const WHOLE_MINUTE_OFFSETS_SINCE = Date.UTC(1972, 0, 1);

/** The calendar day (YYYY-MM-DD) an instant falls on in a time zone. */
export function dayIn(timeZone: string, instant: Date): string {
  const ms = instant.getTime();
  const minute = Math.floor(ms / 60_000);
  const seen = lastDay.get(timeZone);
  if (seen && seen.minute === minute && ms >= WHOLE_MINUTE_OFFSETS_SINCE) return seen.day;
  const parts = formatterFor(timeZone).formatToParts(instant);
  const get = (t: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === t)!.value;
  const day = `${get('year')}-${get('month')}-${get('day')}`;
  lastDay.set(timeZone, { minute, day });
  return day;
}

/** Today in the shop's time zone. */
export const shopToday = (db: Db, now: Date = new Date()): string => dayIn(setting(db, 'timeZone'), now);

/**
 * Refuses a business date in a locked period. writeDocument (the one posting path: counter, back office, drafts,
 * cancellations' reversals) calls it for every document inside its transaction, so nothing is half-written.
 */
export function assertOpenPeriod(db: Db, date: string): void {
  const through = lockedThrough(db);
  if (through !== null && date <= through)
    fail('period_locked', `${date} is in a locked period (the books are locked through ${through}); post it on a later date`);
}

/**
 * The date a back-office document is posted as: today when none is asked for. A future day is refused (the goods
 * have not moved yet); an earlier day needs doc.backdate.
 */
export function backOfficeDate(db: Db, permissions: ReadonlySet<Permission>, asked: string | null | undefined): string {
  const today = shopToday(db);
  if (asked == null || asked === today) return today;
  if (asked > today) fail('validation', `${asked} is in the future (today is ${today} in the shop's time zone)`);
  if (!permissions.has('doc.backdate'))
    fail('forbidden', `dating a document ${asked}, before today (${today}), needs doc.backdate; leave the date empty to post it as today`);
  return asked;
}
