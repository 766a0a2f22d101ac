/**
 * The movement journal's export as the bookkeeper asks for it (bench/xlsx.ts, bench/exportscan.ts): the app's own
 * report (report.movements) with its own columns (core/reports/run.ts exportColumns), headed and its document kinds
 * named in English, as the renderer sends them.
 */
import { MOVEMENT_DOC_TYPES } from '../core/contract/report-columns';
import type { ExportColumn } from '../core/exports/columns';
import { DATE_FORMAT, DATETIME_FORMAT, INT_FORMAT, moneyFormat, qtyFormat } from '../core/exports/formats';
import { exportColumns } from '../core/reports/run';

export const JOURNAL_HEADERS: Record<string, string> = {
  businessDate: 'Date',
  postedAt: 'Posted',
  docType: 'Document',
  docNumber: 'Number',
  documentId: 'Document id',
  sku: 'SKU',
  product: 'Product',
  location: 'Location',
  qty: 'Quantity',
  unitCost: 'Unit cost',
  value: 'Value',
  user: 'User',
};

/** The document kinds' names (the `texts` of report.export). */
export const JOURNAL_TEXTS: Record<string, string> = Object.fromEntries(
  MOVEMENT_DOC_TYPES.map((t) => [t, t.replace('_', ' ').replace(/^./, (c) => c.toUpperCase())]),
);

export const JOURNAL_COLUMNS: ExportColumn[] = exportColumns('report.movements', {}, JOURNAL_HEADERS);

/** The number format the export gives a column (for the in-memory comparison). */
export function styleOf(c: ExportColumn, currency: string): { numFmt?: string } {
  if (c.kind === 'money') return { numFmt: moneyFormat(currency) };
  if (c.kind === 'qty') return { numFmt: qtyFormat(3) };
  if (c.kind === 'int') return { numFmt: INT_FORMAT };
  if (c.kind === 'datetime') return { numFmt: DATETIME_FORMAT };
  if (c.kind === 'date') return { numFmt: DATE_FORMAT };
  return {};
}
