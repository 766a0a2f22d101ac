import { availableParallelism } from 'node:os';
import { InlineReader } from './inline';
import { WorkerReader } from './pool';
import { appReads, keepsRows, type AppReads } from './reads';
import type { Reader } from './types';

export { ReaderError, type Reader } from './types';

/**
 * Where the reader worker's entry is. From TypeScript source (vitest, tsx) this module is core/reader/index.ts and
 * the entry is worker.ts beside it; in a bundle this code sits in dist/server/*.mjs or dist/electron/*.cjs and the
 * entry is the reader-worker file of the same format beside it (scripts/build.mjs writes both).
 */
export function readerEntry(here: string = import.meta.url): { entry: URL; devBoot: URL } {
  const ext = /\.(ts|mjs|cjs|js)$/.exec(new URL(here).pathname)?.[1];
  if (ext === 'ts') return { entry: new URL('./worker.ts', here), devBoot: new URL('./dev-boot.mjs', here) };
  const entry = new URL(`./reader-worker.${ext ?? 'mjs'}`, here);
  return { entry, devBoot: entry };
}

/** One thread for reads on a 2-core machine (the other answers the till), two where there are more cores. */
export const defaultReaderWorkers = (): number => Math.min(2, Math.max(1, availableParallelism() - 1));

export interface ReaderOptions {
  file: string;
  nativeBinding?: string;
  /** 0: inline on the calling thread (tests, command line); otherwise that many worker threads at most. */
  workers: number;
}

export function createReader(opts: ReaderOptions): Reader<AppReads> {
  if (opts.workers === 0) return new InlineReader(opts.file, appReads, opts.nativeBinding);
  return new WorkerReader<AppReads>({
    file: opts.file,
    nativeBinding: opts.nativeBinding,
    workers: opts.workers,
    keepsRows,
    ...readerEntry(),
  });
}
