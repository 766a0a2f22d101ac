/** An export as a reader job: the stream's rows into core/exports' writer, on whichever thread holds the connection. */
import type { Db } from '../../db/connection';
import { writeExport, type ExportHooks } from '../exports/run';
import { ExportError, type ExportResult, type ExportSpec } from '../exports/types';
import { cancelled, ReaderError } from './types';

/** Node's system errors (ENOSPC, EACCES…) come from writing the file; the rest from the read. */
const isFileError = (err: unknown): boolean => err instanceof Error && typeof (err as NodeJS.ErrnoException).syscall === 'string';

export async function exportJob(
  db: Db,
  name: string,
  stream: (db: Db, args: unknown) => unknown,
  args: unknown,
  spec: ExportSpec,
  hooks: ExportHooks,
): Promise<ExportResult> {
  try {
    return await writeExport(
      {
        // The statement starts with the first row asked for, after the writer has made the file.
        [Symbol.iterator]: () => (stream(db, args) as Iterable<unknown>)[Symbol.iterator](),
      },
      spec,
      hooks,
    );
  } catch (err) {
    if (err instanceof ExportError && err.reason === 'cancelled') throw cancelled(name);
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof ExportError || isFileError(err)) throw new ReaderError('export_failed', `${name} export failed: ${message}`);
    throw new ReaderError('query_failed', `${name} failed in the reader: ${message}`);
  }
}
