/**
 * Scan to line while a 1M-row export runs on the same machine and database: the scan bench (scan.ts: the built server,
 * the cashier on the sale screen in Chromium, wedge scans timed from Enter to the painted line) on a copy of the
 * 1M-movement demo shop (db-open.ts movementsDb, the xlsx bench's database), and, started just before the first timed
 * scan, the xlsx bench's export (xlsx-child.ts: exportTable of the movement journal through the bundled reader worker,
 * styled as the app writes it) reading the very file the server serves. The API has no method that exports the
 * movement journal (report.export writes the reports, aggregates of at most a row per product), so the export runs
 * in a process of its own, not in the server's reader worker. Only scans typed after the export started and painted
 * before it ended count. The floor: the same scans on the bare page (scan-floor.ts), with nothing else running.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { movementsDb } from './db-open';
import { benchScan, type ScanBackground, type ScanTyping } from './scan';
import { benchScanFloor } from './scan-floor';
import { nowMs, percentile, round, tempDir, type Figures } from './util';
import { bundleExport, childAsync, cutoff, type ChildResult } from './xlsx';

export interface ExportScanOptions {
  movements: number;
  /** Most timed scans; they stop earlier when the export ends. */
  scans: number;
  warmup: number;
  perCart: number;
  typing: ScanTyping;
}

/** The demo shop's codes to scan: its active products sold by the piece (weighed goods have scale labels, no code). */
function demoCodes(file: string): string[] {
  const ro = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return ro
      .prepare(`SELECT b.code FROM barcodes b JOIN products p ON p.id = b.product_id WHERE p.active = 1 AND p.unit = 'pcs' ORDER BY b.code`)
      .pluck()
      .all() as string[];
  } finally {
    ro.close();
  }
}

/** An xlsx file is a zip: it starts with a local file header. */
function isZip(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(4);
    readSync(fd, head, 0, 4, 0);
    return head.equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  } finally {
    closeSync(fd);
  }
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

export async function benchExportScan(o: ExportScanOptions, log: (s: string) => void): Promise<Figures> {
  const { cache, builtS } = movementsDb(o.movements, log);
  if (builtS !== null) log(`  built ${cache} in ${builtS.toFixed(1)} s`);
  const codes = demoCodes(cache);
  const to = cutoff(cache, 1_000_000);
  const worker = await bundleExport();
  const t = tempDir('lavka-bench-exportscan-');
  const job: { done: Promise<ChildResult> | null; startedAt: number; endedAt: number | null } = {
    done: null,
    startedAt: 0,
    endedAt: null,
  };
  try {
    const out = path.join(t.dir, 'journal.xlsx');
    const during: ScanBackground = {
      start(dbFile) {
        log(`  export of the movement journal (the first 1M movements, or all there are) started on ${dbFile}`);
        job.startedAt = nowMs();
        job.done = childAsync('export', dbFile, out, to, worker);
        const end = () => (job.endedAt = nowMs());
        job.done.then(end, end);
      },
      running: () => job.endedAt === null,
    };
    const r = await benchScan({ file: cache, products: 0, builtS, codes }, o.scans, o.warmup, o.perCart, o.typing, log, undefined, during);
    if (!job.done) throw new Error('the export never started');
    const outlasted = job.endedAt === null;
    if (outlasted) log(`  the ${o.scans} scans ended before the export; waiting for it…`);
    const exp = await job.done;
    const wallS = (job.endedAt! - job.startedAt) / 1000;
    const bytes = statSync(out).size;
    if (!exp.rows || !bytes || !isZip(out)) throw new Error(`the export wrote no valid file: ${exp.rows} rows, ${bytes} bytes`);
    log(
      `  export: ${exp.rows} rows in ${exp.s.toFixed(1)} s (${wallS.toFixed(1)} s with its start), ${(bytes / 2 ** 20).toFixed(0)} MB file`,
    );
    if (!r.samples.length) throw new Error('no timed scan fell inside the export');
    const total = sorted(r.samples.map((s) => s.total));
    // Where a slow scan waited: the call's round trip as the page saw it, and the server's own time for it.
    const seg = (f: (s: (typeof r.samples)[number]) => number | null) => sorted(r.samples.map(f).filter((x): x is number => x !== null));
    const http = seg((s) => s.http);
    const core = seg((s) => s.srvCore);
    log(`scan floor: the same ${total.length} scans on a bare page and a bare WebSocket server over the same database…`);
    const floorSamples = await benchScanFloor(r.dbFile, r.codes, total.length, o.warmup, o.perCart, o.typing);
    const floor = sorted(floorSamples.map((s) => s.total));
    const figures: Figures = {
      scan_to_line_during_export_p50_ms: round(percentile(total, 50), 1),
      scan_to_line_during_export_p95_ms: round(percentile(total, 95), 1),
      scan_to_line_during_export_max_ms: round(total[total.length - 1]!, 1),
      scan_during_export_scans: total.length,
      scan_during_export_refused: r.failures.length,
      scan_during_export_http_p95_ms: round(percentile(http, 95), 1),
      scan_during_export_server_core_p95_ms: round(percentile(core, 95), 2),
      scan_during_export_long_task_pct: round((100 * r.withLongTask) / total.length, 1),
      scan_floor_exportscan_p50_ms: round(percentile(floor, 50), 1),
      scan_floor_exportscan_p95_ms: round(percentile(floor, 95), 1),
      scan_to_line_during_export_floor_ratio: round(percentile(total, 95) / percentile(floor, 95), 2),
      export_during_scans_s: round(wallS, 1),
      export_during_scans_rows: exp.rows,
      export_during_scans_file_mb: round(bytes / 2 ** 20, 1),
      export_during_scans_peak_rss_mb: exp.peakRssMb,
      // 1 when the scans stopped with the export still running (it outlasted --scans): not all of it was scanned through.
      export_outlasted_scans: outlasted ? 1 : 0,
    };
    if (builtS !== null) figures.exportscan_db_build_s = round(builtS, 1);
    return figures;
  } finally {
    // A failed scan run leaves the export going: it writes into the temp dir until it ends.
    await job.done?.catch(() => {});
    t.cleanup();
  }
}
