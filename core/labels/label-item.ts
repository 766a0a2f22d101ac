import path from 'node:path';
import type { Unit } from '../contract/types';

/** What one product's label says; plain values, so a caller can build it from a product row or from a form. */
export interface LabelItem {
  name: string;
  /** Minor units per whole unit of `unit` (a piece, a kg, a litre, a metre). */
  price: number;
  unit: Unit;
  /**
   * A piece sold in a pack of known weight or volume (a 0.9 kg bag, a 0.5 l bottle): its content in thousandths
   * of the pack's unit (900, 500). The label then also shows the price per kg or litre.
   */
  pack?: { qty: number; unit: 'kg' | 'l' };
  /** The code to print: GTIN digits (EAN-13, EAN-8, UPC-A) or any other text (Code 128). None: no barcode. */
  barcode?: string;
  /** How many labels of this product (default 1). */
  copies?: number;
}

/** TrueType files with Cyrillic: PDFs embed them, so names print the same on any computer. */
export interface LabelFonts {
  regular: string;
  bold: string;
}

export interface LabelOptions {
  locale: 'en' | 'ru';
  /** ISO 4217 code from settings (RUB). */
  currency: string;
  fonts: LabelFonts;
  /** Labels already used on the first sheet (a part-used sheet goes back in the printer): printing starts after them. */
  skip?: number;
}

/** The DejaVu Sans pair shipped in `resources/fonts` (`appPaths().resourcesDir`). */
export const labelFonts = (resourcesDir: string): LabelFonts => ({
  regular: path.join(resourcesDir, 'fonts', 'DejaVuSans.ttf'),
  bold: path.join(resourcesDir, 'fonts', 'DejaVuSans-Bold.ttf'),
});
