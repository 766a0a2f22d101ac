/**
 * Barcode pictures for PDF labels, drawn by bwip-js (Barcode Writer in Pure PostScript) with the digits below.
 *
 * Sizing is in modules (the narrowest bar): the module is as close to the GS1 nominal 0.33 mm as the box allows,
 * never under MIN_MODULE_MM (below that a 300 dpi print or a cheap scanner stops reading it: a clear error then,
 * never an unreadable label). The picture is rendered at PX_PER_MODULE pixels a module, ~600 dpi at 0.33 mm, so
 * every bar is a whole number of pixels and a PDF viewer or printer only ever scales it down.
 */
import { symbologyOf, type Symbology } from '../barcode';
import { AppError } from '../errors';

export const MAX_MODULE_MM = 0.33;
export const MIN_MODULE_MM = 0.22;
const MIN_BARS_MM = 5;
const MAX_BARS_MM = 20;
const PX_PER_MODULE = 8;
/** bwip-js bar height is in mm at 72 dpi with one pixel a module at scale 1: 72 / 25.4 modules a mm. */
const MODULES_PER_HEIGHT_MM = 72 / 25.4;

/** Blank modules each side. EAN/UPC: the first digit already sits in the left quiet zone, so 7 + its ~7 give 11+. */
const quietModules = (s: Symbology): number => (s === 'code128' ? 10 : 7);

export interface BarcodePicture {
  png: Buffer;
  symbology: Symbology;
  /** Size on paper, quiet zones not included (the caller centres the picture in the box it gave). */
  widthMm: number;
  heightMm: number;
}

const pngSize = (png: Buffer): { width: number; height: number } => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

async function render(code: string, symbology: Symbology, barsParam: number): Promise<Buffer> {
  // Loaded at the first barcode, as pdfkit is (see label-sheet.ts): a thread that never draws one never carries it.
  const { default: bwipjs } = await import('bwip-js/node');
  return bwipjs.toBuffer({
    bcid: symbology,
    text: code,
    scale: PX_PER_MODULE,
    height: barsParam,
    includetext: true,
    backgroundcolor: 'FFFFFF',
  });
}

/** The biggest readable picture of `code` that fits a box of the given size (mm), quiet zones included. */
export async function barcodePicture(code: string, box: { width: number; height: number }): Promise<BarcodePicture> {
  const symbology = symbologyOf(code);
  if (symbology === 'code128' && !/^[\x20-\x7e]{1,80}$/.test(code))
    throw new AppError('validation', `a barcode is digits or printable ASCII, at most 80 characters: ${JSON.stringify(code)}`);
  // A first picture with 10 mm bars gives the symbol's width and how much the digits add below the bars.
  const probe = pngSize(await render(code, symbology, 10));
  const widthModules = probe.width / PX_PER_MODULE;
  const belowBarsModules = probe.height / PX_PER_MODULE - 10 * MODULES_PER_HEIGHT_MM;
  const moduleMm = Math.min(MAX_MODULE_MM, box.width / (widthModules + 2 * quietModules(symbology)));
  const barsMm = Math.min(MAX_BARS_MM, box.height - belowBarsModules * moduleMm);
  if (moduleMm < MIN_MODULE_MM || barsMm < MIN_BARS_MM)
    throw new AppError('validation', `barcode ${code} does not fit readably in ${box.width.toFixed(1)} x ${box.height.toFixed(1)} mm`);
  const png = await render(code, symbology, barsMm / (MODULES_PER_HEIGHT_MM * moduleMm));
  const size = pngSize(png);
  return { png, symbology, widthMm: (size.width / PX_PER_MODULE) * moduleMm, heightMm: (size.height / PX_PER_MODULE) * moduleMm };
}
