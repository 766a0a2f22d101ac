/**
 * A count's sheet and its variance as xlsx, written by the reader worker (core/exports), never on the till's thread.
 * Files go to the data folder's `exports`; the answer names the file.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { CallContext, Services } from '../api/handler';
import type { CountExportResult } from '../contract/count-types';
import type { ExportColumn } from '../exports/columns';
import { exportTable } from '../exports/export-table';
import type { ExportLocale } from '../exports/labels';
import { requireOwnPermission } from '../auth/approval';
import { loadSettings } from '../settings';
import { countVariance } from './post';
import { countSession, expectedHidden } from './sessions';

const WORDS = {
  en: {
    sheet: 'Count sheet',
    variance: 'Count variance',
    count: 'Count',
    sku: 'SKU',
    name: 'Product',
    barcode: 'Barcode',
    unit: 'Unit',
    book: 'Book',
    counted: 'Counted',
    difference: 'Difference',
    cost: 'At cost',
    retail: 'At retail',
  },
  ru: {
    sheet: 'Инвентаризационная опись',
    variance: 'Расхождения инвентаризации',
    count: 'Инвентаризация',
    sku: 'Артикул',
    name: 'Товар',
    barcode: 'Штрихкод',
    unit: 'Ед.',
    book: 'По учёту',
    counted: 'Фактически',
    difference: 'Разница',
    cost: 'По себестоимости',
    retail: 'В розничных ценах',
  },
} satisfies Record<ExportLocale, Record<string, string>>;

export async function exportCount(svc: Services, ctx: CallContext, id: number, what: 'sheet' | 'variance'): Promise<CountExportResult> {
  const s = countSession(svc.db, id);
  // The variance shows the book: a blind count's is for those who may see expected figures.
  if (what === 'variance') requireOwnPermission(svc, ctx, 'count.view_expected', 'count.export', { id, what });
  const { shopName, locale } = loadSettings(svc.db);
  const w = WORDS[locale];
  const dir = path.join(path.dirname(svc.backupDir), 'exports');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `count-${s.id}-${what}.xlsx`);
  const about = {
    shop: shopName,
    title: `${what === 'sheet' ? w.sheet : w.variance} (${w.count} ${s.id})`,
    user: ctx.session?.userName ?? '',
  };
  const qty = (key: string, header: string, total = false): ExportColumn => ({
    key,
    header,
    kind: 'qty',
    unit: { key: 'unit' },
    ...(total ? { total: 'sum' as const } : {}),
  });
  if (what === 'sheet') {
    const columns: ExportColumn[] = [
      { key: 'sku', header: w.sku, kind: 'text', width: 14 },
      { key: 'name', header: w.name, kind: 'text', width: 40 },
      { key: 'barcode', header: w.barcode, kind: 'text', width: 16 },
      { key: 'unit', header: w.unit, kind: 'text', width: 6 },
      ...(expectedHidden(ctx, s) ? [] : [qty('bookQty', w.book)]),
      qty('countedQty', w.counted),
    ];
    const r = await exportTable(svc, { query: 'count.sheet', params: { sessionId: s.id }, columns, about, format: 'xlsx', file });
    return { file: r.file, rows: r.rows };
  }
  const v = await countVariance(svc, s.id);
  const columns: ExportColumn[] = [
    { key: 'sku', header: w.sku, kind: 'text', width: 14 },
    { key: 'name', header: w.name, kind: 'text', width: 40 },
    { key: 'unit', header: w.unit, kind: 'text', width: 6 },
    qty('bookQty', w.book),
    qty('countedQty', w.counted),
    qty('qty', w.difference),
    { key: 'costValue', header: w.cost, kind: 'money', total: 'sum' },
    { key: 'retailValue', header: w.retail, kind: 'money', total: 'sum' },
  ];
  const rows = v.lines.map((l) => ({ ...l }) as Record<string, unknown>);
  const r = await exportTable(svc, { query: 'rows.given', params: { rows }, columns, about, format: 'xlsx', file });
  return { file: r.file, rows: r.rows };
}
