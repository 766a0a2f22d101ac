/** Exports write codes (a P&L line, a segment) in the user's words, which the caller sends along with the read. */
import type { Db } from '../../connection';
import type { Row } from './sales';

type ReportRead<A> = (db: Db, args: A) => Row[];

/** The read's rows with each listed field's code replaced by its word from `args.texts` (kept when none is given). */
export const withTexts =
  <A extends object>(read: ReportRead<A>, fields: readonly string[]) =>
  (db: Db, args: A & { texts?: Record<string, string> }): Row[] => {
    const rows = read(db, args);
    const texts = args.texts;
    if (!texts || !fields.length) return rows;
    return rows.map((r) => {
      const out = { ...r };
      for (const f of fields) {
        const v = r[f];
        if (typeof v === 'string' && Object.hasOwn(texts, v)) out[f] = texts[v]!;
      }
      return out;
    });
  };
