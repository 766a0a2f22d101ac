// The owner's labels for products or for a posted receipt, drawn as one PDF. It runs as a read of the reader worker
// (core/reader/reads.ts) on a read-only connection: a sheet of thousands of labels (each barcode drawn by bwip-js,
// the whole file by pdfkit) never holds up the till's thread, which only gets the finished file back.
import type { Db } from '../../db/connection';
import { findDocument, linesOf } from '../../db/queries/documents';
import { productCards, type ProductCard } from '../../db/queries/products';
import type { ErrorCode } from '../contract/errors';
import type { LabelsFile } from '../contract/label-types';
import type { LabelPresetName } from '../contract/methods/labels';
import { AppError } from '../errors';
import { setting } from '../settings';
import { labelFonts, type LabelItem } from './label-item';
import { renderLabelsPdf } from './label-sheet';
import { LABEL_PRESETS } from './layouts';

export interface ProductLabelsArgs {
  source: { kind: 'products'; items: { productId: number; copies: number }[] } | { kind: 'document'; documentId: number };
  preset: LabelPresetName;
  skip: number;
  locale: 'en' | 'ru';
  /** Where the DejaVu fonts are (`resources/`): the worker has no app paths of its own. */
  resourcesDir: string;
}

export type ProductLabelsOutcome = { ok: true; file: LabelsFile } | { ok: false; code: ErrorCode; message: string };

/** The code a label carries: a maker's GTIN first (EAN-13, EAN-8, UPC-A), else the first code the product has. */
const labelCode = (codes: string[]): string | undefined => codes.find((c) => /^(\d{8}|\d{12}|\d{13})$/.test(c)) ?? codes[0];

/** Which products, how many labels each: a receipt gives one a piece received (a weighed line: one). */
function wanted(db: Db, source: ProductLabelsArgs['source']): { productId: number; copies: number }[] {
  if (source.kind === 'products') return source.items;
  const doc = findDocument(db, source.documentId);
  if (!doc) throw new AppError('not_found', `document ${source.documentId} does not exist`);
  if (doc.type !== 'receipt' || doc.status === 'draft')
    throw new AppError('validation', `labels come from a posted receipt; document ${doc.number} is a ${doc.type}`);
  const cards = new Map(productCards(db, [...new Set(linesOf(db, doc.id).map((l) => l.productId))]).map((p) => [p.id, p]));
  return linesOf(db, doc.id).map((l) => ({
    productId: l.productId,
    copies: cards.get(l.productId)?.unit === 'pcs' ? Math.max(1, Math.ceil(l.qty / 1000)) : 1,
  }));
}

export async function productLabelsPdf(db: Db, args: ProductLabelsArgs): Promise<ProductLabelsOutcome> {
  try {
    const want = wanted(db, args.source);
    const cards = new Map<number, ProductCard>(productCards(db, [...new Set(want.map((w) => w.productId))]).map((p) => [p.id, p]));
    const items: LabelItem[] = want.map((w) => {
      const p = cards.get(w.productId);
      if (!p) throw new AppError('not_found', `product ${w.productId} does not exist`);
      const barcode = labelCode(p.barcodes);
      return { name: p.name, price: p.price, unit: p.unit, copies: w.copies, ...(barcode !== undefined && { barcode }) };
    });
    const currency = setting(db, 'currency');
    const pdf = await renderLabelsPdf(items, args.preset, {
      locale: args.locale,
      currency,
      fonts: labelFonts(args.resourcesDir),
      skip: args.skip,
    });
    const layout = LABEL_PRESETS[args.preset];
    const labels = items.reduce((n, i) => n + (i.copies ?? 1), 0);
    const pages = Math.ceil((args.skip + labels) / (layout.columns * layout.rows));
    const fileName = args.source.kind === 'document' ? `labels-receipt-${args.source.documentId}.pdf` : `labels-${args.preset}.pdf`;
    return { ok: true, file: { fileName, mime: 'application/pdf', base64: pdf.toString('base64'), labels, pages } };
  } catch (err) {
    // The worker answers plain values: a refusal goes back as its code and message, anything else as itself.
    if (err instanceof AppError) return { ok: false, code: err.code, message: err.message };
    throw err;
  }
}
