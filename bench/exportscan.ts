/**
 * Scan to line while the bookkeeper exports the 1M-row movement journal from the same server: the scan bench (scan.ts:
 * the built server, the cashier on the sale screen in Chromium, wedge scans timed from Enter to the painted line) on a
 * copy of the 1M-movement demo shop (db-open.ts movementsDb, the xlsx bench's database), and, started just before the
 * first timed scan, what a bookkeeper's browser does on another PC: report.export of report.movements over HTTP (the
 * server's reader worker writes the xlsx into its downloads store, styled as the app writes it) for the period that
 * holds the first 1M movements by business date, then GET /download/<id> streaming the file to disk. Only scans typed
 * after the export started and painted before the download ended count. The floor: the same scans on the bare page
 * (scan-floor.ts), with nothing else running.
 */
import { closeSync, createWriteStream, openSync, readSync, statSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import Database from 'better-sqlite3';
import { BOOKKEEPER } from '../e2e/helpers-counter';
import { movementsDb } from './db-open';
import { benchScan, type ScanBackground, type ScanTyping } from './scan';
import { benchScanFloor } from './scan-floor';
import { nowMs, peakRssMb, percentile, round, tempDir, type Figures } from './util';
import { JOURNAL_HEADERS, JOURNAL_TEXTS } from './xlsx-columns';

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

/** The period (business days) holding the journal's first `rows` movements by business date: whole days, so a few more. */
function journalPeriod(file: string, rows: number): { from: string; to: string } {
  const ro = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const at = (offset: number) =>
      ro
        .prepare(`SELECT business_date FROM stock_movements INDEXED BY movements_business_date_idx ORDER BY business_date LIMIT 1 OFFSET ?`)
        .pluck()
        .get(offset) as string | undefined;
    const from = at(0);
    if (!from) throw new Error(`${file} has no movements`);
    const last = ro.prepare(`SELECT MAX(business_date) FROM stock_movements`).pluck().get() as string;
    return { from, to: at(rows - 1) ?? last };
  } finally {
    ro.close();
  }
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * One request over node:http, with no timeout: fetch (undici) gives up on headers after 300 s, and report.export
 * answers only once the file is written.
 */
function http(
  url: string,
  method: string,
  pathname: string,
  headers: Record<string, string>,
  body?: unknown,
  saveTo?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      new URL(pathname, url),
      { method, headers: { ...headers, ...(payload ? { 'Content-Type': 'application/json' } : {}) } },
      (res) => {
        const done = (buf: Buffer) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: buf });
        if (saveTo && res.statusCode === 200) {
          pipeline(res, createWriteStream(saveTo)).then(() => done(Buffer.alloc(0)), reject);
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(Buffer.concat(chunks)));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

interface ApiExport {
  rows: number;
  /** report.export's answer, from the call to its answer. */
  exportS: number;
  /** GET /download/<id> to the last byte on disk. */
  downloadS: number;
  fileName: string;
  disposition: string;
  /** The server's peak RSS (VmHWM) once the download ended, when the OS tells it. */
  serverPeakRssMb: number | null;
}

/** The bookkeeper's export through the real server's API, and the download of its file to `out`. */
async function exportOverApi(url: string, pid: number | undefined, period: { from: string; to: string }, out: string): Promise<ApiExport> {
  const login = await http(url, 'POST', '/api/auth.login', { 'X-Lavka-Csrf': '1' }, { userId: BOOKKEEPER.id, pin: BOOKKEEPER.pin });
  const signedIn = JSON.parse(login.body.toString()) as { ok: boolean; value?: { csrf: string } };
  const cookie = String(([] as string[]).concat(login.headers['set-cookie'] ?? [])[0] ?? '').split(';')[0]!;
  if (!signedIn.ok || !cookie) throw new Error(`the bookkeeper could not log in: ${login.body.toString()}`);
  const headers = { Cookie: cookie, 'X-Lavka-Csrf': signedIn.value!.csrf };
  const t0 = nowMs();
  const exported = await http(url, 'POST', '/api/report.export', headers, {
    report: 'report.movements',
    params: period,
    format: 'xlsx',
    title: 'Movement journal',
    headers: JOURNAL_HEADERS,
    texts: JOURNAL_TEXTS,
  });
  const t1 = nowMs();
  const answer = JSON.parse(exported.body.toString()) as { ok: boolean; value?: { downloadId: string; fileName: string; rows: number } };
  if (!answer.ok || !answer.value) throw new Error(`report.export failed (${exported.status}): ${exported.body.toString().slice(0, 500)}`);
  const got = await http(url, 'GET', `/download/${answer.value.downloadId}`, headers, undefined, out);
  if (got.status !== 200) throw new Error(`GET /download failed (${got.status}): ${got.body.toString().slice(0, 300)}`);
  return {
    rows: answer.value.rows,
    exportS: (t1 - t0) / 1000,
    downloadS: (nowMs() - t1) / 1000,
    fileName: answer.value.fileName,
    disposition: String(got.headers['content-disposition'] ?? ''),
    serverPeakRssMb: peakRssMb(pid),
  };
}

export async function benchExportScan(o: ExportScanOptions, log: (s: string) => void): Promise<Figures> {
  const { cache, builtS } = movementsDb(o.movements, log);
  if (builtS !== null) log(`  built ${cache} in ${builtS.toFixed(1)} s`);
  const codes = demoCodes(cache);
  const period = journalPeriod(cache, 1_000_000);
  const t = tempDir('lavka-bench-exportscan-');
  const job: { done: Promise<ApiExport> | null; startedAt: number; endedAt: number | null } = {
    done: null,
    startedAt: 0,
    endedAt: null,
  };
  try {
    const out = path.join(t.dir, 'journal.xlsx');
    const during: ScanBackground = {
      start(server) {
        log(`  report.export of the movement journal ${period.from}..${period.to} over HTTP started on ${server.url}, then its download`);
        job.startedAt = nowMs();
        job.done = exportOverApi(server.url, server.pid, period, out);
        const end = () => (job.endedAt = nowMs());
        job.done.then(end, end);
      },
      running: () => job.endedAt === null,
      settled: () => job.done ?? Promise.resolve(),
    };
    const r = await benchScan({ file: cache, products: 0, builtS, codes }, o.scans, o.warmup, o.perCart, o.typing, log, undefined, during);
    if (!job.done) throw new Error('the export never started');
    // benchScan waited for the export before stopping the server: ended by now, either way.
    const exp = await job.done;
    const outlasted = r.samples.length >= o.scans;
    const wallS = (job.endedAt! - job.startedAt) / 1000;
    const bytes = statSync(out).size;
    if (!exp.rows || !bytes || !isZip(out)) throw new Error(`the export wrote no valid file: ${exp.rows} rows, ${bytes} bytes`);
    if (!exp.disposition.includes(exp.fileName)) throw new Error(`the download was not named ${exp.fileName}: ${exp.disposition}`);
    log(
      `  export: ${exp.rows} rows, report.export answered in ${exp.exportS.toFixed(1)} s, downloaded in ${exp.downloadS.toFixed(1)} s, ${(bytes / 2 ** 20).toFixed(0)} MB file`,
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
      export_during_scans_api_s: round(exp.exportS, 1),
      export_during_scans_download_s: round(exp.downloadS, 1),
      export_during_scans_rows: exp.rows,
      export_during_scans_file_mb: round(bytes / 2 ** 20, 1),
      // 1 when the scans stopped with the export still running (it outlasted --scans): not all of it was scanned through.
      export_outlasted_scans: outlasted ? 1 : 0,
    };
    // The whole server's (core, reader worker, writer): not the export's alone as the child's figure was before.
    if (exp.serverPeakRssMb !== null) figures.export_during_scans_server_peak_rss_mb = exp.serverPeakRssMb;
    if (builtS !== null) figures.exportscan_db_build_s = round(builtS, 1);
    return figures;
  } finally {
    // A failed scan run leaves the export going: it writes into the temp dir until it ends.
    await job.done?.catch(() => {});
    t.cleanup();
  }
}
