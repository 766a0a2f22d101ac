// The product editor's model: the fields as typed, the contract's rules over them (catalog.upsert's own field schemas,
// reached through the text a person types), and the server's refusals mapped back to the field they are about.
import { z } from 'zod';
import { hasValidCheckDigit, isGtin } from '../../../../core/contract/gtin';
import { id } from '../../../../core/contract/primitives';
import { productUpsertInput } from '../../../../core/contract/schemas';
import type { ApiInput, ApiOutput, Unit } from '../../api/types';
import { parseQty, qtyToInput } from '../../i18n/format';

type Detail = ApiOutput<'catalog.get'>;
const rule = productUpsertInput.shape;

/** A message the form shows through errorText: a translation key, chosen at render time in the user's language. */
const msg = (key: string, values?: Record<string, string | number>) => JSON.stringify(values ? { key, values } : { key });

/** Text → number by `parse`; empty is `empty` (null for an optional field) or "required". */
function typed(parse: (s: string) => number | null, badKey: string, empty: 'null' | 'required') {
  return z.string().transform((s, ctx): number | null => {
    const text = s.trim();
    if (!text) {
      if (empty === 'null') return null;
      ctx.addIssue({ code: 'custom', message: msg('form.required') });
      return z.NEVER;
    }
    const n = parse(text);
    if (n === null) {
      ctx.addIssue({ code: 'custom', message: msg(badKey) });
      return z.NEVER;
    }
    return n;
  });
}
const wholeNumber = (s: string): number | null => (/^\d{1,9}$/.test(s) ? Number(s) : null);
const optionalId = z.string().transform((s) => (s ? Number(s) : null));

export function productForm(parseMoney: (s: string) => number | null) {
  const money = typed(parseMoney, 'product.badMoney', 'required');
  return z
    .object({
      sku: rule.sku,
      name: rule.name,
      unit: rule.unit,
      price: money.pipe(rule.price),
      // No cost known yet is a cost of 0, as the core stores it.
      cost: typed(parseMoney, 'product.badMoney', 'null')
        .transform((n) => n ?? 0)
        .pipe(rule.cost.unwrap()),
      taxRateBp: z.string().transform(Number).pipe(rule.taxRateBp),
      categoryId: optionalId.pipe(rule.categoryId.unwrap()),
      supplierId: optionalId.pipe(rule.supplierId.unwrap()),
      plu: typed(wholeNumber, 'product.pluInvalid', 'null').pipe(rule.plu.unwrap()),
      minStock: typed(parseQty, 'product.badQty', 'null').pipe(rule.minStock.unwrap()),
      maxStock: typed(parseQty, 'product.badQty', 'null').pipe(rule.maxStock.unwrap()),
      barcodes: z
        .array(
          z.object({
            code: z
              .string()
              .trim()
              .regex(/^\d{8,14}$/, msg('product.badCode'))
              .refine((c) => !isGtin(c) || hasValidCheckDigit(c), msg('product.badCheckDigit')),
          }),
        )
        .max(20)
        .superRefine((list, ctx) => {
          const seen = new Set<string>();
          list.forEach((b, i) => {
            if (seen.has(b.code)) ctx.addIssue({ code: 'custom', path: [i, 'code'], message: msg('product.sameBarcodeTwice') });
            seen.add(b.code);
          });
        }),
      articles: z.array(z.object({ supplierId: z.string().transform(Number).pipe(id), article: z.string().trim().min(1).max(64) })).max(50),
      archived: z.boolean(),
    })
    .refine((v) => v.minStock == null || v.maxStock == null || v.minStock <= v.maxStock, {
      path: ['maxStock'],
      message: msg('product.minAboveMax'),
    });
}
export type ProductFormSchema = ReturnType<typeof productForm>;
export type ProductFields = z.input<ProductFormSchema>;
export type ProductValues = z.output<ProductFormSchema>;

export function emptyFields(defaultTaxBp: number): ProductFields {
  return {
    sku: '',
    name: '',
    unit: 'pcs',
    price: '',
    cost: '',
    taxRateBp: String(defaultTaxBp),
    categoryId: '',
    supplierId: '',
    plu: '',
    minStock: '',
    maxStock: '',
    barcodes: [],
    articles: [],
    archived: false,
  };
}

export function fieldsOf(p: Detail, moneyInput: (minor: number) => string): ProductFields {
  const qty = (n: number | null) => (n === null ? '' : qtyToInput(n));
  return {
    sku: p.sku,
    name: p.name,
    unit: p.unit as Unit,
    price: moneyInput(p.price),
    cost: moneyInput(p.cost),
    taxRateBp: String(p.taxRateBp),
    categoryId: p.categoryId ? String(p.categoryId) : '',
    supplierId: p.supplierId ? String(p.supplierId) : '',
    plu: p.plu === null ? '' : String(p.plu),
    minStock: qty(p.minStock),
    maxStock: qty(p.maxStock),
    barcodes: p.barcodes.map((code) => ({ code })),
    articles: p.articles.map((a) => ({ supplierId: String(a.supplierId), article: a.article })),
    archived: !p.active,
  };
}

/** The whole product as catalog.upsert takes it: every field sent, so what the form shows is what is saved. */
export function upsertInput(v: ProductValues, productId: number | null): ApiInput<'catalog.upsert'> {
  return {
    ...(productId !== null ? { id: productId } : {}),
    sku: v.sku,
    name: v.name,
    unit: v.unit,
    price: v.price,
    cost: v.cost,
    taxRateBp: v.taxRateBp,
    categoryId: v.categoryId ?? null,
    supplierId: v.supplierId ?? null,
    plu: v.plu ?? null,
    minStock: v.minStock ?? null,
    maxStock: v.maxStock ?? null,
    barcodes: v.barcodes.map((b) => b.code),
    articles: v.articles,
    active: !v.archived,
  };
}

export type FieldName = 'sku' | 'plu' | 'maxStock' | `barcodes.${number}.code` | `articles.${number}.article`;

/**
 * The field a refusal of catalog.upsert is about, and the message for it; null when it is about no one field (shown
 * above the form). The core names the code, SKU, PLU or article in its message (core/handlers/catalog.ts).
 */
export function fieldOfFailure(code: string, message: string, v: ProductFields): { name: FieldName; message: string } | null {
  const barcodeAt = (c: string) => v.barcodes.findIndex((b) => b.code.trim() === c);
  let m: RegExpExecArray | null;
  if (code === 'duplicate') {
    if ((m = /^barcode (\d+) already belongs/.exec(message)) && barcodeAt(m[1]!) >= 0)
      return { name: `barcodes.${barcodeAt(m[1]!)}.code`, message: msg('product.duplicateBarcode') };
    if (/^SKU /.test(message)) return { name: 'sku', message: msg('product.duplicateSku') };
    if (/^PLU /.test(message)) return { name: 'plu', message: msg('product.duplicatePlu') };
    if ((m = /article (.+?) (?:is listed twice|already names)/.exec(message))) {
      const i = v.articles.findIndex((a) => a.article.trim() === m![1]);
      if (i >= 0) return { name: `articles.${i}.article`, message: msg('product.duplicateArticle') };
    }
  }
  if (code === 'invalid_barcode' && (m = /^(\d+): check digit/.exec(message)) && barcodeAt(m[1]!) >= 0)
    return { name: `barcodes.${barcodeAt(m[1]!)}.code`, message: msg('product.badCheckDigit') };
  if (code === 'validation' && message.startsWith('maxStock')) return { name: 'maxStock', message: msg('product.minAboveMax') };
  return null;
}
