/**
 * One label or shelf tag drawn into its box on a pdfkit page. Sizes come from the box, so the same design serves
 * a 48.5 x 25.4 mm sticker and a 65 x 45 mm tag: the barcode sits at the bottom, the name at the top (wrapped,
 * cut with an ellipsis when it has no more lines), the price in between, shrunk until it fits the width.
 */
import { AppError } from '../errors';
import type { BarcodePicture } from './barcode-image';
import type { LabelLayout } from './layouts';
import type { PriceTexts } from './price-text';
import { fitLines, fitSize, type Measure } from './text-fit';

export const PT_PER_MM = 72 / 25.4;
/** DejaVu Sans line height as pdfkit sets it (ascender + descender), in ems. */
const LINE_EM = 1.17;
/** DejaVu Sans ascender (1901 / 2048 em): the baseline of a line drawn from its top. */
const ASCENT_EM = 0.928;
/** Between a sticker's price and its price per kg when they share a line. */
const SPACE_PT = 4;
const GAP_MM = 0.8;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LabelContent {
  name: string;
  texts: PriceTexts;
  barcode?: BarcodePicture;
  /** The PNG as a data URI: pdfkit embeds an image given by a string once, however many labels show it. */
  barcodeUri?: string;
}

/** Sizes of one design for a box `h` mm tall (inside the padding): font sizes in pt, the barcode's share in mm. */
export function designSizes(design: LabelLayout['design'], h: number): { name: number; price: number; unitPrice: number; barcode: number } {
  const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
  if (design === 'shelf') {
    const name = clamp(h * 0.25, 7, 11);
    return { name, price: clamp(h * 0.75, 14, 30), unitPrice: clamp(h * 0.22, 6.5, 9), barcode: Math.min(h * 0.34, 16) };
  }
  const name = clamp(h * 0.3, 6.5, 9);
  return { name, price: clamp(h * 0.45, 9, 16), unitPrice: name - 0.5, barcode: Math.min(h * 0.48, 18) };
}

const lineMm = (size: number): number => (size * LINE_EM) / PT_PER_MM;

export function drawLabel(doc: PDFKit.PDFDocument, box: Box, content: LabelContent, design: LabelLayout['design']): void {
  const sizes = designSizes(design, box.height);
  const widthPt = box.width * PT_PER_MM;
  const measure =
    (font: string, size: number): Measure =>
    (s) =>
      doc.font(font).fontSize(size).widthOfString(s);
  const line = (text: string, font: string, size: number, yMm: number): void => {
    doc.font(font).fontSize(size);
    const x = box.x * PT_PER_MM + (widthPt - doc.widthOfString(text)) / 2;
    doc.text(text, x, yMm * PT_PER_MM, { lineBreak: false });
  };

  let bottom = box.y + box.height;
  if (content.barcode && content.barcodeUri) {
    const b = content.barcode;
    bottom -= b.heightMm;
    const x = box.x + (box.width - b.widthMm) / 2;
    doc.image(content.barcodeUri, x * PT_PER_MM, bottom * PT_PER_MM, { width: b.widthMm * PT_PER_MM, height: b.heightMm * PT_PER_MM });
    bottom -= GAP_MM;
  }

  const price = content.texts.price;
  const priceSize = fitSize((s) => measure('bold', s), price, widthPt, sizes.price, 4);
  const unitPrice = content.texts.unitPrice;
  const unitSize = unitPrice ? fitSize((s) => measure('regular', s), unitPrice, widthPt, sizes.unitPrice, 4) : 0;
  if (priceSize === null || unitSize === null)
    throw new AppError('validation', `the price ${price} does not fit a ${box.width.toFixed(1)} mm label`);
  // On a sticker the price per kg or litre goes beside the price when both fit, leaving the name another line.
  const priceWidth = measure('bold', priceSize)(price);
  const unitWidth = unitPrice ? measure('regular', unitSize)(unitPrice) : 0;
  const beside = design === 'label' && unitPrice !== undefined && priceWidth + SPACE_PT + unitWidth <= widthPt;
  const priceBlock = lineMm(priceSize) + (unitPrice && !beside ? lineMm(unitSize) : 0);

  // The name gets what the price leaves, at least one line; the price block is centred in the space below it.
  const nameLines = fitLines(
    measure('regular', sizes.name),
    content.name,
    widthPt,
    Math.max(1, Math.floor((bottom - box.y - priceBlock - GAP_MM) / lineMm(sizes.name))),
  );
  let y = box.y;
  for (const l of nameLines) {
    line(l, 'regular', sizes.name, y);
    y += lineMm(sizes.name);
  }
  if (y + priceBlock > bottom + 0.01)
    throw new AppError('validation', `a ${box.height.toFixed(1)} mm label is too low for its name, price and barcode`);
  y += (bottom - y - priceBlock) / 2;
  if (beside) {
    const x = box.x * PT_PER_MM + (widthPt - priceWidth - SPACE_PT - unitWidth) / 2;
    const baseline = y * PT_PER_MM + priceSize * ASCENT_EM;
    doc.font('bold').fontSize(priceSize).text(price, x, baseline, { lineBreak: false, baseline: 'alphabetic' });
    doc
      .font('regular')
      .fontSize(unitSize)
      .text(unitPrice, x + priceWidth + SPACE_PT, baseline, { lineBreak: false, baseline: 'alphabetic' });
    return;
  }
  line(price, 'bold', priceSize, y);
  if (unitPrice) line(unitPrice, 'regular', unitSize, y + lineMm(priceSize));
}
