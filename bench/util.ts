import { closeSync, copyFileSync, existsSync, fsyncSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const MIGRATIONS = path.join(ROOT, 'db', 'migrations');

/** Extra figures and notes a bench part wants printed (figures also go to the JSON). */
export type Figures = Record<string, number>;

export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A copy of a database file written through to the disk before anything is timed on it. A plain copy of the aged shop
 * leaves ~1.6 GB of dirty pages in the kernel, and the first fsync that follows (the first commit's WAL header, even
 * under synchronous=NORMAL) waits for their write-back: the outbox bench's first prune batch took 0.4-0.6 s for a
 * commit that takes ~1 ms once the copy is on disk.
 */
export function copySynced(from: string, to: string): void {
  copyFileSync(from, to);
  const fd = openSync(to, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Milliseconds since an arbitrary origin, sub-microsecond resolution. */
export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export const median = (xs: number[]): number =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

/** Deterministic PRNG (LCG) so runs post the same baskets. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** k distinct indexes below n. */
export function pickDistinct(rand: () => number, n: number, k: number): number[] {
  const out = new Set<number>();
  while (out.size < k) out.add(Math.floor(rand() * n));
  return [...out];
}

export const round = (x: number, digits: number): number => Number(x.toFixed(digits));

/**
 * A process's peak RSS in MB (this one's by default): VmHWM, which belongs to the process's own memory map, new at
 * exec. Linux keeps getrusage's ru_maxrss across fork and exec, so a child spawned by a big bench process would report
 * its parent's size (a child of a bench run that had just built a 1M-movement shop reported 410-650 MB for a 168 MB
 * export). Without /proc: this process's ru_maxrss, another's null.
 */
export function peakRssMb(): number;
export function peakRssMb(pid: number | undefined): number | null;
export function peakRssMb(pid: number | 'self' | undefined = 'self'): number | null {
  const status = pid === undefined ? null : `/proc/${pid}/status`;
  // A process that has exited has no status file: no figure rather than a failed bench.
  const hwm = status && existsSync(status) ? /VmHWM:\s+(\d+) kB/.exec(readFileSync(status, 'utf8')) : null;
  if (hwm) return Math.round(Number(hwm[1]) / 1024);
  return pid === 'self' ? Math.round(process.resourceUsage().maxRSS / 1024) : null;
}
