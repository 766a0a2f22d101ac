// For the export tests: a reader worker serving the shop's reads plus two of the tests' own (rows the test hands
// over, and a long series to cancel), a shop on a real file, and the independent readers (openpyxl, Python's csv).
import { execFileSync } from 'node:child_process';
import { createCore, type Core } from '../core/app';
import { exportTable, type ExportTableOptions } from '../core/exports/export-table';
import type { ExportResult } from '../core/exports/types';
import { readerEntry } from '../core/reader';
import { WorkerReader } from '../core/reader/pool';
import type { StreamName } from '../core/reader/types';
import { saveSettings } from '../core/settings';
import type { Db } from '../db/connection';
import { shopReads } from '../db/queries/reads';
import { MIGRATIONS, tempDir } from './helpers';

export const exportReads = {
  reads: { ...shopReads.reads },
  streams: {
    ...shopReads.streams,
    /** The rows the test passes, as a query would produce them. */
    'test.rows': function* rows(_db: Db, a: { rows: Record<string, unknown>[] }) {
      yield* a.rows;
    },
    /** 1..n from SQLite, one row at a time. */
    'test.series': (db: Db, a: { n: number }) =>
      db.raw
        .prepare('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?) SELECT x FROM c')
        .iterate(a.n) as Iterable<{
        x: number;
      }>,
  },
};

export type ExportReads = typeof exportReads;

const ENTRY = new URL('./export-worker.ts', import.meta.url);

export interface ExportShop {
  core: Core;
  /** A worker reader over exportReads on the shop's file (the app's own reader serves only the shop's reads). */
  reader: WorkerReader<ExportReads>;
  dir: string;
  close(): Promise<void>;
}

/** A demo shop on a real file, its reader in a worker thread as in the app; Moscow time, roubles, `locale`. */
export function exportShop(locale: 'en' | 'ru' = 'ru'): ExportShop {
  const t = tempDir('lavka-export-');
  const core = createCore({
    dataDir: t.dir,
    migrationsDir: MIGRATIONS,
    version: '0.0.0-test',
    mode: 'local',
    demo: true,
    readerWorkers: 1,
  });
  saveSettings(core.db, { currency: 'RUB', locale, timeZone: 'Europe/Moscow' });
  const reader = new WorkerReader<ExportReads>({ file: core.dbFile, workers: 1, entry: ENTRY, devBoot: readerEntry().devBoot });
  return {
    core,
    reader,
    dir: t.dir,
    close: async () => {
      await reader.close();
      await core.svc.reader.close();
      core.close();
      t.cleanup();
    },
  };
}

const PY = '/usr/bin/python3';

export interface DumpCell {
  v: string | number | boolean | null;
  /** Python's type name: int, float, str, datetime, NoneType. */
  t: string;
  fmt: string;
  date: boolean;
  /** Formula cells: the result cached in the file. */
  cached?: string | number | null;
  bold?: true;
}

export interface DumpSheet {
  title: string;
  freeze: string | null;
  filter: string | null;
  widths: Record<string, number>;
  rows: DumpCell[][];
}

/** The workbook as openpyxl reads it. */
export function readXlsx(file: string): { sheets: DumpSheet[] } {
  const out = execFileSync(PY, [new URL('./export-dump.py', import.meta.url).pathname, file], { maxBuffer: 1 << 28 });
  return JSON.parse(out.toString('utf8')) as { sheets: DumpSheet[] };
}

/** The CSV as Python's csv module reads it with that separator. */
export function readCsv(file: string, sep: string): { bom: boolean; rows: string[][] } {
  const out = execFileSync(PY, [new URL('./export-csv-read.py', import.meta.url).pathname, file, sep], { maxBuffer: 1 << 28 });
  return JSON.parse(out.toString('utf8')) as { bom: boolean; rows: string[][] };
}

/** exportTable over the test reader (the registry cannot be inferred from the reader's generic methods). */
export const exportVia = <N extends StreamName<ExportReads>>(
  shop: ExportShop,
  o: ExportTableOptions<ExportReads, N>,
): Promise<ExportResult> => exportTable<ExportReads, N>({ db: shop.core.db, reader: shop.reader }, o);
