/**
 * The one call a report method makes to export its table: the read runs in the reader worker, which writes the
 * file; this thread only hears progress and the result. Failures come back as the API's error codes.
 */
import { randomBytes } from 'node:crypto';
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../db/connection';
import type { ReadRegistry, ShopReads } from '../../db/queries/reads';
import { AppError } from '../errors';
import { ReaderError } from '../reader/types';
import type { Reader, StreamArgs, StreamName } from '../reader/types';
import { loadSettings } from '../settings';
import type { ExportColumn } from './columns';
import type { ExportAbout, ExportFormat, ExportProgress, ExportResult, ExportSpec } from './types';

export interface ExportTableOptions<R extends ReadRegistry, N extends StreamName<R>> {
  /** A stream named in db/queries/reads.ts, and its arguments. */
  query: N;
  params: StreamArgs<R, N>;
  columns: ExportColumn[];
  about: ExportAbout;
  format: ExportFormat;
  /** Where the finished file goes (absolute); a file already there is replaced only when the export succeeds. */
  file: string;
  signal?: AbortSignal;
  onProgress?: (p: ExportProgress) => void;
  /** Tests: rows per sheet counting header and totals (default Excel's 1,048,576). */
  sheetRowLimit?: number;
  progressEvery?: number;
  /** Rows the worker reads between looks at a cancel and at the zip's queue (default EXPORT_BATCH). */
  batchSize?: number;
}

/**
 * Rows per batch of an export. Smaller than the reader's streams' default (5000): a batch's rows and their XML wait in
 * the worker until the batch is written and the zip has taken it, and whatever outlives a few of the thread's young
 * collections is kept until a full one (1M-row xlsx export: peak RSS ~175 MB at 5000, ~168 at 1000, same time).
 */
export const EXPORT_BATCH = 1000;

/** `svc`: the core's services (tests may pass a reader of their own registry). */
export async function exportTable<R extends ReadRegistry = ShopReads, N extends StreamName<R> = StreamName<R>>(
  svc: { db: Db; reader: Reader<R> },
  o: ExportTableOptions<R, N>,
): Promise<ExportResult> {
  if (!path.isAbsolute(o.file)) throw new AppError('validation', `the export file must be an absolute path: ${o.file}`);
  const dir = path.dirname(o.file);
  const isDir = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) throw new AppError('validation', `cannot save the export: folder ${dir} does not exist`);
  const { currency, locale, timeZone } = loadSettings(svc.db);
  const spec: ExportSpec = {
    format: o.format,
    file: o.file,
    columns: o.columns,
    about: { ...o.about, generatedAt: o.about.generatedAt ?? new Date().toISOString() },
    shop: { currency, locale, timeZone },
    sheetRowLimit: o.sheetRowLimit,
    progressEvery: o.progressEvery,
  };
  // Hidden and beside the file: the rename at the end stays on one disk, and a half-written file never has its name.
  const part = path.join(dir, `.${path.basename(o.file)}.${randomBytes(4).toString('hex')}.part`);
  try {
    return await svc.reader.export(o.query, o.params, spec, part, {
      signal: o.signal,
      onProgress: o.onProgress,
      batchSize: o.batchSize ?? EXPORT_BATCH,
    });
  } catch (err) {
    // The worker removes its partial file itself; not if it was stopped from outside (a restore, a crash).
    await rm(part, { force: true, maxRetries: 5, retryDelay: 100 });
    if (!(err instanceof ReaderError)) throw err;
    if (err.reason === 'cancelled') throw new AppError('cancelled', `the export was cancelled; ${o.file} was not written`);
    if (err.reason === 'interrupted' || err.reason === 'closed') throw new AppError('invalid_state', err.message);
    throw err;
  }
}
