/** The movement journal's columns as the bench exports it (what a report of the movements would show). */
import type { ExportColumn } from '../core/exports/columns';
import { DATETIME_FORMAT, INT_FORMAT, moneyFormat, qtyFormat } from '../core/exports/formats';

export const JOURNAL_COLUMNS: ExportColumn[] = [
  { key: 'id', header: 'No.', kind: 'int' },
  { key: 'at', header: 'Time', kind: 'datetime' },
  { key: 'docType', header: 'Document', kind: 'text', width: 12 },
  { key: 'docNumber', header: 'Number', kind: 'text', width: 16 },
  { key: 'documentId', header: 'Document id', kind: 'int' },
  { key: 'productId', header: 'Product', kind: 'int' },
  { key: 'locationId', header: 'Location', kind: 'int' },
  { key: 'qtyDelta', header: 'Quantity', kind: 'qty', unit: 'kg', total: 'sum' },
  { key: 'valueDelta', header: 'Value', kind: 'money', total: 'sum' },
];

/** The number format the export gives a column (for the in-memory comparison). */
export function styleOf(c: ExportColumn, currency: string): { numFmt?: string } {
  if (c.kind === 'money') return { numFmt: moneyFormat(currency) };
  if (c.kind === 'qty') return { numFmt: qtyFormat(3) };
  if (c.kind === 'int') return { numFmt: INT_FORMAT };
  if (c.kind === 'datetime') return { numFmt: DATETIME_FORMAT };
  return {};
}
