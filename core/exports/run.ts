/**
 * The export loop, wherever it runs (the reader worker, or inline in tests and the CLI): rows from a read, in
 * batches, into the format's writer, under a temporary name renamed to the file at the end. Cancelled or failed,
 * the partial file is removed and a file already at that name is left as it was.
 */
import { rm, rename, stat } from 'node:fs/promises';
import { checkColumns } from './columns';
import { CsvTableWriter } from './csv-writer';
import type { TableWriter } from './table-writer';
import { DEFAULT_PROGRESS_EVERY, ExportError, type ExportProgress, type ExportResult, type ExportSpec } from './types';
import { loadWorkbookWriter, XlsxTableWriter } from './xlsx-writer';

export interface ExportHooks {
  batchSize: number;
  /** The temporary file written until the end (beside spec.file, so the rename stays on one disk). */
  part: string;
  /** Checked between batches; true stops the export as cancelled. */
  stopped(): boolean;
  onProgress(p: ExportProgress): void;
}

export async function tableWriter(spec: ExportSpec, part: string): Promise<TableWriter> {
  checkColumns(spec.columns);
  if (spec.format === 'xlsx') return new XlsxTableWriter(spec, part, await loadWorkbookWriter());
  if (spec.format === 'csv') return new CsvTableWriter(spec, part);
  throw new ExportError('bad_spec', `unknown export format ${String(spec.format)}`);
}

export async function writeExport(rows: Iterable<unknown>, spec: ExportSpec, hooks: ExportHooks): Promise<ExportResult> {
  const every = spec.progressEvery ?? DEFAULT_PROGRESS_EVERY;
  let writer: TableWriter | null = null;
  let it: Iterator<unknown> | null = null;
  try {
    writer = await tableWriter(spec, hooks.part);
    writer.start();
    it = rows[Symbol.iterator]();
    let written = 0;
    let reported = 0;
    for (;;) {
      // Yield between batches: a cancel sent meanwhile is seen, and the zip and the disk catch up.
      await new Promise<void>((r) => setImmediate(r));
      await writer.drained?.();
      if (hooks.stopped()) throw new ExportError('cancelled', 'the export was cancelled');
      const batch: Record<string, unknown>[] = [];
      let done = false;
      while (batch.length < hooks.batchSize) {
        const next = it.next();
        if (next.done) {
          done = true;
          break;
        }
        batch.push(next.value as Record<string, unknown>);
      }
      writer.write(batch);
      written += batch.length;
      if (written - reported >= every) {
        reported = written;
        hooks.onProgress({ rows: written });
      }
      if (done) break;
    }
    // Asked to stop during the last batch: still nothing is kept.
    if (hooks.stopped()) throw new ExportError('cancelled', 'the export was cancelled');
    // Ends the statement: the connection is free for the next job.
    it.return?.();
    it = null;
    const summary = await writer.finish();
    writer = null;
    await rename(hooks.part, spec.file);
    const { size } = await stat(spec.file);
    return { file: spec.file, format: spec.format, ...summary, bytes: size };
  } catch (err) {
    it?.return?.();
    await writer?.abort();
    await rm(hooks.part, { force: true, maxRetries: 5, retryDelay: 100 });
    throw err;
  }
}
