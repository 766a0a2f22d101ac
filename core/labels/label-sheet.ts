/**
 * Label sheets and shelf tags as one PDF: each item `copies` times, slot after slot, as many pages as it takes.
 * Input is plain label data (see LabelItem), so the caller decides which products and which of their barcodes.
 */
import { AppError } from '../errors';
import { barcodePicture, type BarcodePicture } from './barcode-image';
import { designSizes, drawLabel, PT_PER_MM, type LabelContent } from './draw-label';
import type { LabelItem, LabelOptions } from './label-item';
import { checkLayout, LABEL_PRESETS, slotOrigin, type LabelLayout, type LabelPreset } from './layouts';
import { priceTexts } from './price-text';

/** More than this many labels in one PDF is a mistake in the copies, not a print run. */
export const MAX_LABELS = 5000;

export async function renderLabelsPdf(
  items: readonly LabelItem[],
  layoutOrPreset: LabelLayout | LabelPreset,
  o: LabelOptions,
): Promise<Buffer> {
  // Loaded when a sheet is drawn, not with the module: every thread that imports the reads (the app's and each reader
  // worker, exporting or not) would otherwise carry pdfkit's ~20 MB.
  const { default: PDFDocument } = await import('pdfkit');
  const layout: LabelLayout = typeof layoutOrPreset === 'string' ? LABEL_PRESETS[layoutOrPreset] : layoutOrPreset;
  checkLayout(layout);
  const total = items.reduce((n, i) => n + (i.copies ?? 1), 0);
  if (!items.every((i) => Number.isInteger(i.copies ?? 1) && (i.copies ?? 1) >= 0) || total > MAX_LABELS)
    throw new AppError('validation', `copies are whole numbers, at most ${MAX_LABELS} labels in all`);
  if (!items.every((i) => Number.isSafeInteger(i.price) && i.price >= 0))
    throw new AppError('validation', 'a price is a whole number of minor units, not below zero');
  if (total === 0) throw new AppError('validation', 'nothing to print: no labels');
  const perPage = layout.columns * layout.rows;
  const skip = o.skip ?? 0;
  if (!Number.isInteger(skip) || skip < 0 || skip >= perPage) throw new AppError('validation', `labels to skip: 0 to ${perPage - 1}`);

  const inner = { width: layout.label.width - 2 * layout.padding, height: layout.label.height - 2 * layout.padding };
  // Pictures are made before the PDF starts (bwip-js is async, pdfkit draws synchronously), once per distinct code.
  const pictures = new Map<string, { picture: BarcodePicture; uri: string }>();
  for (const code of new Set(items.flatMap((i) => (i.barcode && (i.copies ?? 1) > 0 ? [i.barcode] : [])))) {
    const picture = await barcodePicture(code, { width: inner.width, height: designSizes(layout.design, inner.height).barcode });
    pictures.set(code, { picture, uri: `data:image/png;base64,${picture.png.toString('base64')}` });
  }

  const doc = new PDFDocument({ autoFirstPage: false, margin: 0, font: o.fonts.regular, info: { Title: 'Labels', Creator: 'Lavka' } });
  doc.registerFont('regular', o.fonts.regular);
  doc.registerFont('bold', o.fonts.bold);
  const done = collect(doc);
  let slot = skip;
  for (const item of items) {
    const pic = item.barcode ? pictures.get(item.barcode) : undefined;
    const content: LabelContent = {
      name: item.name,
      texts: priceTexts(item, o.locale, o.currency),
      ...(pic && { barcode: pic.picture, barcodeUri: pic.uri }),
    };
    for (let c = 0; c < (item.copies ?? 1); c++, slot++) {
      if (slot === skip || slot % perPage === 0)
        doc.addPage({ size: [layout.page.width * PT_PER_MM, layout.page.height * PT_PER_MM], margin: 0 });
      const at = slotOrigin(layout, slot % perPage);
      if (layout.outline) outline(doc, at, layout);
      drawLabel(doc, { x: at.x + layout.padding, y: at.y + layout.padding, ...inner }, content, layout.design);
    }
  }
  doc.end();
  return done;
}

function outline(doc: PDFKit.PDFDocument, at: { x: number; y: number }, l: LabelLayout): void {
  doc
    .save()
    .lineWidth(0.3)
    .strokeColor('#999999')
    .rect(at.x * PT_PER_MM, at.y * PT_PER_MM, l.label.width * PT_PER_MM, l.label.height * PT_PER_MM)
    .stroke()
    .restore();
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
