/**
 * The bookkeeper's reports: each read runs in the reader worker (db/queries/reports, named in reads.ts), never on
 * the thread that answers the till; this side adds the totals row from the report's column model, and exports
 * the same rows through core/exports, so the file's totals are the screen's.
 */
import type { Db } from '../../db/connection';
import { getLocation } from '../../db/queries/people';
import { getProduct } from '../../db/queries/products';
import type { JournalPage } from '../../db/queries/reports/movements';
import type { ProfitPage } from '../../db/queries/reports/sales';
import { getSupplier } from '../../db/queries/suppliers';
import { shopToday } from '../posting/dates';
import type { ApiParsed } from '../contract/api';
import { JOURNAL_SCREEN_ROWS, reportColumns, reportTotals, type ReportName, type ReportRow } from '../contract/report-columns';
import type { Dashboard, ReportFile, ReportTable } from '../contract/report-types';
import { fail } from '../errors';
import type { ExportColumn } from '../exports/columns';
import type { DownloadStore } from '../exports/downloads';
import { exportTable } from '../exports/export-table';
import type { Reader } from '../reader/types';
import { setting } from '../settings';

type Svc = { db: Db; reader: Reader; downloads: DownloadStore };
type Params<N extends ReportName> = ApiParsed<N>;

/** Filters naming something that does not exist are refused before the read. */
function checkFilters(db: Db, report: ReportName, params: { locationId?: number; supplierId?: number; productId?: number }): void {
  if (params.locationId !== undefined && !getLocation(db, params.locationId))
    fail('unknown_location', `location ${params.locationId} does not exist`);
  if (report === 'report.movements' && params.productId !== undefined && !getProduct(db, params.productId))
    fail('unknown_product', `product ${params.productId} does not exist`);
  if (report === 'report.settlements' && params.supplierId !== undefined && !getSupplier(db, params.supplierId))
    fail('not_found', `supplier ${params.supplierId} does not exist`);
}

/** The shop's zone goes with every read: a read of instants (cash moves) places them on the shop's days. */
const withZone = (db: Db, params: object) => ({ ...params, timeZone: setting(db, 'timeZone') });

/** The owner's dashboard, worked out in the reader worker up to the shop's today. */
export async function dashboardOf(svc: Svc, input: ApiParsed<'report.dashboard'>): Promise<Dashboard> {
  return (await svc.reader.run('report.dashboard', { ...input, today: shopToday(svc.db) } as never)) as Dashboard;
}

export async function runReport<N extends ReportName>(svc: Svc, report: N, params: Params<N>): Promise<ReportTable> {
  checkFilters(svc.db, report, params as { locationId?: number });
  if (report === 'report.movements') {
    // A journal may hold a million rows: the screen gets the first ones, the count and the total of them all.
    const page = (await svc.reader.run(report, { ...params, limit: JOURNAL_SCREEN_ROWS } as never)) as JournalPage;
    return { rows: page.rows, totals: { value: page.value }, count: page.count };
  }
  if (report === 'report.profit') {
    // By product a big shop has ~180k rows: the screen gets the first ones, the count and the sums of them all.
    const page = (await svc.reader.run(report, { ...params, limit: JOURNAL_SCREEN_ROWS } as never)) as ProfitPage;
    const columns = reportColumns(report, params as { by?: never });
    return {
      rows: page.rows,
      totals: reportTotals(columns, [page.sums as ReportRow]),
      ...(page.count > page.rows.length ? { count: page.count } : {}),
    };
  }
  const rows = (await svc.reader.run(report, withZone(svc.db, params) as never)) as ReportRow[];
  return { rows, totals: reportTotals(reportColumns(report, params as { by?: never }), rows) };
}

/** A report's columns as its file has them: the report's column model, each headed in the user's words (by key). */
export function exportColumns(
  report: ReportName,
  params: Parameters<typeof reportColumns>[1],
  headers: Record<string, string>,
): ExportColumn[] {
  return reportColumns(report, params).map((c) => ({
    key: c.key,
    header: headers[c.key] ?? c.key,
    kind: c.kind,
    ...(c.total ? { total: c.total } : {}),
    ...(c.unitKey ? { unit: { key: c.unitKey } } : {}),
  }));
}

const MIME = { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', csv: 'text/csv; charset=utf-8' };

/**
 * Writes the report into a file in the reader worker, straight into the downloads store (its rows never cross to
 * this thread, nor do its bytes; codes are written in the caller's words, `texts`), and answers the file's id.
 * `session`: whose download it is (the token of the caller's session).
 */
export async function exportReport(
  svc: Svc,
  who: { user: string; session: string },
  input: ApiParsed<'report.export'>,
): Promise<ReportFile> {
  const { report, params, format, title, headers, texts, filters } = input;
  checkFilters(svc.db, report, params as { locationId?: number });
  const columns = exportColumns(report, params as { by?: never }, headers);
  const p = params as { from?: string; to?: string; date?: string };
  const fileName = `${report.replace('report.', '')}-${p.date ?? `${p.from}_${p.to}`}.${format}`;
  const { id, file } = svc.downloads.reserve(format);
  // A failed or cancelled export leaves nothing behind: exportTable removes its partial file, and the name is kept
  // only once the file is whole.
  const result = await exportTable(svc, {
    query: report,
    params: { ...withZone(svc.db, params), texts } as never,
    columns,
    about: {
      shop: setting(svc.db, 'shopName'),
      title,
      period: p.date ? { to: p.date } : { from: p.from, to: p.to },
      filters,
      user: who.user,
    },
    format,
    file,
  });
  svc.downloads.keep(id, result.file, fileName, MIME[format], who.session);
  return { fileName, mime: MIME[format], downloadId: id, rows: result.rows, totals: result.totals };
}
