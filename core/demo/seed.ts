import { randomUUID } from 'node:crypto';
import { inTransaction, type Db } from '../../db/connection';
import { appendAudit } from '../../db/queries/audit';
import { insertUser, writeSetting } from '../../db/queries/people';
import { insertProduct, replaceBarcodes } from '../../db/queries/products';
import { hashSecret } from '../auth/secrets';
import { withCheckDigit } from '../barcode';
import { requestHash } from '../posting/engine';
import { postStockDoc } from '../posting/prepare';
import { loadSettings, saveSettings } from '../settings';
import { DEMO_CATEGORIES, DEMO_USERS, DEMO_WEIGHED } from './catalog';
import { seedDemoHistory } from './history';

/** Small deterministic PRNG so every demo shop has the same prices and codes. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface DemoProduct {
  sku: string;
  name: string;
  barcode: string | null;
  unit: 'pcs' | 'kg';
  price: number;
  /** Scale item code of weighed goods: a 21 PPPPP WWWWW C label finds the product by it. */
  plu?: number;
}

/** ~300 products with valid EAN-13 codes (country prefix 460, a made-up maker) plus weighed goods. */
export function demoProducts(): DemoProduct[] {
  const rand = rng(42);
  const out: DemoProduct[] = [];
  let n = 0;
  for (const cat of DEMO_CATEGORIES) {
    for (const item of cat.items) {
      for (const variant of cat.variants) {
        n++;
        const [lo, hi] = cat.price;
        const price = Math.round((lo + rand() * (hi - lo)) / 100) * 100 - 10;
        out.push({
          sku: `D-${String(n).padStart(4, '0')}`,
          name: `${item} ${variant}`,
          barcode: withCheckDigit(`4607001${String(n).padStart(5, '0')}`),
          unit: 'pcs',
          price,
        });
      }
    }
  }
  DEMO_WEIGHED.forEach((w, i) =>
    out.push({ sku: `W-${String(i + 1).padStart(5, '0')}`, name: w.name, barcode: null, unit: 'kg', price: w.pricePerKg, plu: i + 1 }),
  );
  return out;
}

/**
 * Fills an empty database with the demo shop: users, catalog and an opening stock receipt; with `history` (the
 * welcome screen's demo) the receipt is DEMO_HISTORY_DAYS ago and the days since are traded (history.ts).
 */
export function seedDemo(db: Db, o: { history?: boolean } = {}): void {
  const rand = rng(7);
  const products = demoProducts();
  const taxByCat = new Map<string, number>(
    DEMO_CATEGORIES.flatMap((c) => c.items.flatMap((i) => c.variants.map((v) => [`${i} ${v}`, c.tax] as const))),
  );
  inTransaction(db, () => {
    saveSettings(db, { shopName: 'Corner Shop (demo)', shopAddress: '1 Market Street' });
    writeSetting(db, 'demo', 'true');
    const ids = DEMO_USERS.map((u) => insertUser(db, { name: u.name, roleId: u.role, pinHash: hashSecret(u.pin) }));
    const owner = ids[0]!;
    const lines = products.map((p) => {
      const id = insertProduct(db, {
        sku: p.sku,
        name: p.name,
        unit: p.unit,
        price: p.price,
        cost: 0,
        taxRateBp: p.unit === 'kg' ? 1000 : (taxByCat.get(p.name) ?? 2000),
        categoryId: null,
        active: true,
        plu: p.plu ?? null,
      });
      if (p.barcode) replaceBarcodes(db, id, [p.barcode]);
      const qty = p.unit === 'kg' ? Math.round(5000 + rand() * 30000) : 1000 * Math.round(10 + rand() * 50);
      return { productId: id, qty, unitCost: Math.round((p.price * 0.7) / 10) * 10 };
    });
    appendAudit(db, { userId: owner, action: 'setup.demo', data: { products: products.length, history: o.history ?? false } });
    if (o.history) {
      const units = new Map(products.map((p) => [p.sku, p.unit]));
      const start = lines.map((l, i) => ({ ...l, unit: units.get(products[i]!.sku)! }));
      seedDemoHistory(db, { userId: owner }, start, rand);
      return;
    }
    const input = {
      type: 'receipt' as const,
      uuid: randomUUID(),
      locationId: loadSettings(db).defaultLocationId,
      lines,
      note: 'Opening stock (demo)',
      allowOverReceipt: false,
    };
    postStockDoc(db, { userId: owner }, input, requestHash(input));
  });
}
