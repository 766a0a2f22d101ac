// The product editor's model (renderer/src/screens/catalog/productForm.ts): what the owner types becomes exactly what
// catalog.upsert takes, and each refusal of the real core lands on the field it is about.
import { afterEach, describe, expect, it } from 'vitest';
import { emptyFields, fieldOfFailure, fieldsOf, productForm, upsertInput } from '../renderer/src/screens/catalog/productForm';
import { issueMessage } from '../renderer/src/ui/form/messages';
import { parseMoney } from '../renderer/src/i18n/format';
import { as, testCore, unwrap } from './helpers';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

const schema = productForm((s) => parseMoney(s, 'RUB'));
const keysOf = (fields: unknown) =>
  Object.fromEntries(
    (schema.safeParse(fields, { error: issueMessage }).error?.issues ?? []).map((i) => [i.path.join('.'), JSON.parse(i.message).key]),
  );

describe('the product editor', () => {
  it('turns the typed fields into the upsert the core takes, and back', async () => {
    const core = testCore({ demo: true });
    cleanup = core.cleanup;
    const owner = await as(core, 'owner');
    const fields = { ...emptyFields(2000), sku: 'TEA-1', name: 'Green tea', price: '149,90', minStock: '2', maxStock: '10,5' };
    const input = upsertInput(schema.parse(fields), null);
    expect(input).toMatchObject({ price: 14990, cost: 0, minStock: 2000, maxStock: 10500, barcodes: [], active: true, categoryId: null });
    const saved = unwrap(await owner('catalog.upsert', input));
    expect(fieldsOf(saved, (m) => (m / 100).toFixed(2))).toMatchObject({
      price: '149.90',
      minStock: '2',
      maxStock: '10.5',
      archived: false,
    });
  });

  it('says what is wrong with a field before anything is sent', () => {
    expect(
      keysOf({
        ...emptyFields(2000),
        sku: 'X',
        name: '',
        price: '12.345',
        minStock: '5',
        maxStock: '1',
        barcodes: [{ code: '4607001000011' }],
      }),
    ).toEqual({ name: 'form.required', price: 'product.badMoney', 'barcodes.0.code': 'product.badCheckDigit' });
    expect(keysOf({ ...emptyFields(2000), sku: 'X', name: 'Y', price: '1', minStock: '5', maxStock: '1' })).toEqual({
      maxStock: 'product.minAboveMax',
    });
  });

  it('puts the core’s refusals on their field: a barcode or SKU that another product has', async () => {
    const core = testCore({ demo: true });
    cleanup = core.cleanup;
    const owner = await as(core, 'owner');
    const other = unwrap(await owner('catalog.get', { id: 3 }));
    const mine = unwrap(await owner('catalog.get', { id: 2 }));
    const cases = [
      {
        change: { barcodes: [...mine.barcodes, other.barcodes[0]!] },
        field: `barcodes.${mine.barcodes.length}.code`,
        key: 'product.duplicateBarcode',
      },
      { change: { sku: other.sku }, field: 'sku', key: 'product.duplicateSku' },
    ];
    for (const c of cases) {
      const fields = { ...fieldsOf(mine, (m) => (m / 100).toFixed(2)), ...c.change };
      const sent = { ...fields, barcodes: (c.change.barcodes ?? mine.barcodes).map((code) => ({ code })) };
      const r = await owner('catalog.upsert', upsertInput(schema.parse(sent), mine.id));
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      const hit = fieldOfFailure(r.error.code, r.error.message, sent);
      expect(hit && { name: hit.name, key: JSON.parse(hit.message).key }).toEqual({ name: c.field, key: c.key });
    }
    expect(unwrap(await owner('catalog.get', { id: 2 }))).toEqual(mine);
  });
});
