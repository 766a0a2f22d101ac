/**
 * The history of the reports bench at the scale (#12 Bench): 200k products (catalog-db.ts) and one year of
 * days (history-days.ts, the bench's one history writer: shifts, sales, returns, receipts, audit, outbox as the app
 * leaves them) with 1.72M sales, so that the whole holds over 5M movements and the last 90 days over 1M sale lines.
 *
 * Two files under os.tmpdir()/lavka-bench-reports, never in db-open.ts's or catalog-db.ts's folders (each of those
 * removes the other keys of its own folder, and other benches use them):
 * - the base, keyed by its builder and sizes only: written once (~25 min) under the schema of its day and kept;
 * - the bench's copy, keyed by the migrations: the base copied and opened by the app (openDatabase), whose
 *   migrations bring it to today's schema and fill the derived tables (month balances, daily sales summary) as an
 *   upgrading shop gets them; then checked: on-hand equals the movement sums and every derived table equals what the
 *   movements and lines say (db/queries/derived-check.ts). Older copies of this folder are removed.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DB_FILE } from '../core/app';
import { openDatabase } from '../db/connection';
import { listedMonths, MONTH_CHUNK } from '../db/queries/month-balances';
import type { Meta } from './history-days';
import { buildHistory, buildMonthEnds } from './history';
import { ledgerViolationCount } from './ledger-check';
import { migrationsKey } from './cache-key';
import { MIGRATIONS, nowMs } from './util';

const ROOT = path.join(tmpdir(), 'lavka-bench-reports');
/** Bump when the generated base changes. */
const BASE_BUILDER = 1;
export const REPORTS_SPEC = { sales: 1_720_000, catalog: 200_000, days: 365 };

const sizes = `s${REPORTS_SPEC.sales}-c${REPORTS_SPEC.catalog}-d${REPORTS_SPEC.days}`;

/** The base history (built when missing): its file and what it holds. */
export function reportsBaseDb(log: (s: string) => void): { file: string; builtS: number | null; meta: Meta } {
  const file = path.join(ROOT, `base-b${BASE_BUILDER}-${sizes}`, DB_FILE);
  const metaFile = path.join(path.dirname(file), 'history.json');
  if (existsSync(file) && existsSync(metaFile)) return { file, builtS: null, meta: JSON.parse(readFileSync(metaFile, 'utf8')) as Meta };
  mkdirSync(ROOT, { recursive: true });
  log(`  building the reports history: ${REPORTS_SPEC.sales} sales over ${REPORTS_SPEC.days} days on ${REPORTS_SPEC.catalog} products…`);
  const t0 = nowMs();
  const meta = buildHistory(file, REPORTS_SPEC, log);
  const builtS = (nowMs() - t0) / 1000;
  log(`  built ${file} in ${builtS.toFixed(1)} s: ${JSON.stringify(meta.counts)}`);
  return { file, builtS, meta };
}

/** The bench's copy at today's schema, derived tables filled and checked (made from the base when missing). */
export function reportsHistoryDb(log: (s: string) => void): { file: string; builtS: number | null; meta: Meta } {
  const base = reportsBaseDb(log);
  const key = `${migrationsKey()}-b${BASE_BUILDER}-${sizes}`;
  const file = path.join(ROOT, key, DB_FILE);
  if (existsSync(file)) return { file, builtS: base.builtS, meta: base.meta };
  const t0 = nowMs();
  const tmp = path.join(ROOT, `${key}.building-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  copyFileSync(base.file, path.join(tmp, DB_FILE));
  const db = openDatabase({ file: path.join(tmp, DB_FILE), migrationsDir: MIGRATIONS, quickCheck: false });
  try {
    db.raw.pragma('cache_size = -400000');
    log(`  migrated a copy of the base in ${((nowMs() - t0) / 1000).toFixed(1)} s (sales per product by day and month filled)`);
    const t1 = nowMs();
    const chunks = buildMonthEnds(db, base.meta.lastDay);
    const months = listedMonths(db).length;
    log(
      `  ${months} month ends built in ${chunks} chunks of ${MONTH_CHUNK} products and the derived tables checked, ${((nowMs() - t1) / 1000).toFixed(1)} s; checking the ledger…`,
    );
    const t2 = nowMs();
    const bad = ledgerViolationCount(db);
    if (bad) throw new Error(`reports history is inconsistent: ${bad} ledger violations`);
    log(`  on-hand equals the ledger (checked in ${((nowMs() - t2) / 1000).toFixed(1)} s)`);
  } finally {
    db.raw.close();
  }
  // The migration's safety copy of the file before it (core's pre-migration backup): the base is that copy already.
  rmSync(path.join(tmp, 'backups'), { recursive: true, force: true });
  writeFileSync(path.join(tmp, 'history.json'), `${JSON.stringify(base.meta, null, 2)}\n`);
  for (const other of readdirSync(ROOT))
    if (!other.startsWith('base-') && !other.includes('.building-')) rmSync(path.join(ROOT, other), { recursive: true, force: true });
  renameSync(tmp, path.dirname(file));
  log(`  reports history at today's schema in ${((nowMs() - t0) / 1000).toFixed(1)} s`);
  return { file, builtS: base.builtS, meta: base.meta };
}
