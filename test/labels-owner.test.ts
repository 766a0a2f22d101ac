/**
 * The owner prints labels for chosen products and for a posted receipt through the API (labels.pdf, drawn in the
 * reader): the file opens in pdfinfo, and zbarimg reads every label's barcode, on the page pdftoppm renders, as the
 * product's own code, maker's EAN-13 and in-store 2x code alike. A file of more than 5000 labels, or from anything but a posted receipt, is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../core/api/dispatch';
import { withCheckDigit } from '../core/barcode';
import { LABEL_PRESETS } from '../core/labels/layouts';
import { as, loose, testCore, unwrap, uuid } from './helpers';
import { decodeAreas, pdfInfo, renderPage, slots, writePdf, type PdfFile } from './labels-kit';

let core: ReturnType<typeof testCore>;
let owner: Caller;
const files: PdfFile[] = [];
let milk: number;
let cheese: number;
let bread: number;
let instore: string;
/** A maker's EAN-13. */
const MILK = withCheckDigit('460999900012');

const product = async (over: Record<string, unknown>) =>
  unwrap(await owner('catalog.upsert', { unit: 'pcs', price: 8990, cost: 6000, taxRateBp: 2000, ...over } as never)).id;

beforeAll(async () => {
  core = testCore();
  owner = await as(core, 'owner');
  milk = await product({ sku: 'L-1', name: 'Молоко 3,2% 1 л', barcodes: [MILK] });
  instore = unwrap(await owner('catalog.newBarcode', { prefix: '20' })).code;
  cheese = await product({ sku: 'L-2', name: 'Сыр российский', unit: 'kg', price: 89900, barcodes: [instore] });
  bread = await product({ sku: 'L-3', name: 'Хлеб без кода', price: 4500, barcodes: [] });
});
afterAll(() => {
  files.forEach((f) => f.cleanup());
  core.cleanup();
});

/** Every label slot of the file, page by page, as zbarimg reads it. */
function readLabels(base64: string, preset: keyof typeof LABEL_PRESETS, labels: number): { pages: number; codes: string[][] } {
  const pdf = writePdf(Buffer.from(base64, 'base64'));
  files.push(pdf);
  const info = pdfInfo(pdf.file);
  const layout = LABEL_PRESETS[preset];
  const perPage = layout.columns * layout.rows;
  const codes: string[][] = [];
  for (let page = 1; page <= info.pages; page++) {
    const onPage = slots(layout).slice(0, Math.min(perPage, labels - (page - 1) * perPage));
    codes.push(...decodeAreas(pdf, renderPage(pdf, page), onPage));
  }
  return { pages: info.pages, codes };
}

describe('labels for the owner', () => {
  it('chosen products, so many copies each: a PDF whose barcodes read back as each product’s code', async () => {
    const file = unwrap(
      await owner('labels.pdf', {
        source: {
          kind: 'products',
          items: [
            { productId: milk, copies: 3 },
            { productId: cheese, copies: 2 },
            { productId: bread, copies: 1 },
          ],
        },
        preset: 'a4-3x8',
        locale: 'ru',
      }),
    );
    expect(file).toMatchObject({ mime: 'application/pdf', labels: 6, pages: 1 });
    const read = readLabels(file.base64, 'a4-3x8', 6);
    expect(read.pages).toBe(1);
    expect(read.codes).toEqual([
      [`EAN-13:${MILK}`],
      [`EAN-13:${MILK}`],
      [`EAN-13:${MILK}`],
      [`EAN-13:${instore}`],
      [`EAN-13:${instore}`],
      [],
    ]);
    expect(instore).toMatch(/^20\d{11}$/);
  });

  it('a posted receipt: a label for each piece received and one for a weighed line, over as many pages as it takes', async () => {
    const receipt = unwrap(
      await owner('doc.post', {
        type: 'receipt',
        uuid: uuid(),
        locationId: 1,
        lines: [
          { productId: milk, qty: 30_000, unitCost: 6000 },
          { productId: cheese, qty: 4_250, unitCost: 50000 },
        ],
      }),
    );
    const file = unwrap(
      await owner('labels.pdf', { source: { kind: 'document', documentId: receipt.id }, preset: 'a4-4x10', locale: 'en' }),
    );
    expect(file).toMatchObject({ labels: 31, pages: 1 });
    const read = readLabels(file.base64, 'a4-4x10', 31);
    expect(read.codes).toEqual([...Array.from({ length: 30 }, () => [`EAN-13:${MILK}`]), [`EAN-13:${instore}`]]);
  });

  it('skips labels already used on the sheet and starts a second page when the first is full', async () => {
    const file = unwrap(
      await owner('labels.pdf', { source: { kind: 'products', items: [{ productId: milk, copies: 20 }] }, preset: 'a4-3x8', skip: 10 }),
    );
    expect(file).toMatchObject({ labels: 20, pages: 2 });
    const pdf = writePdf(Buffer.from(file.base64, 'base64'));
    files.push(pdf);
    expect(pdfInfo(pdf.file)).toMatchObject({ pages: 2, sizeName: 'A4' });
    const first = decodeAreas(pdf, renderPage(pdf, 1), slots(LABEL_PRESETS['a4-3x8']));
    expect(first.slice(0, 10)).toEqual(Array.from({ length: 10 }, () => []));
    expect(first.slice(10)).toEqual(Array.from({ length: 14 }, () => [`EAN-13:${MILK}`]));
  });

  it('refuses an unknown product or document, a write-off as the source, no labels and too many', async () => {
    const call = loose(owner);
    const code = async (input: unknown) => {
      const r = await call('labels.pdf', input);
      return r.ok ? 'ok' : r.error.code;
    };
    expect(await code({ source: { kind: 'products', items: [{ productId: 999_999, copies: 1 }] } })).toBe('not_found');
    expect(await code({ source: { kind: 'products', items: [{ productId: milk, copies: 5001 }] } })).toBe('validation');
    expect(await code({ source: { kind: 'products', items: [{ productId: milk, copies: 0 }] } })).toBe('validation');
    expect(await code({ source: { kind: 'document', documentId: 999_999 } })).toBe('not_found');
    expect(await code({ source: { kind: 'products', items: [] } })).toBe('validation');
    const writeoff = unwrap(
      await owner('doc.post', { type: 'writeoff', uuid: uuid(), locationId: 1, lines: [{ productId: milk, qty: 1000 }] }),
    );
    expect(await code({ source: { kind: 'document', documentId: writeoff.id } })).toBe('validation');
  });
});
