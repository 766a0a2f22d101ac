import { openRaw } from './raw-insert';
import { openShop, postSales, saleInputs } from './sale-post';
const shop = await openShop('FULL');
const raw = openRaw(shop.products, 'FULL');
raw.run(raw.prepare(saleInputs(shop.products, 300, 5)));
await postSales(shop, saleInputs(shop.products, 300, 6));
for (const [name, db, go] of [
  ['raw', raw.raw, async () => void raw.run(raw.prepare(saleInputs(shop.products, 200, 7)))],
  ['api', shop.core.db.raw, async () => void (await postSales(shop, saleInputs(shop.products, 200, 8)))],
] as const) {
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('wal_autocheckpoint = 0');
  await go();
  const r = db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
  console.log(name, 'WAL frames per sale', r[0]!.log / 200);
  db.pragma('wal_autocheckpoint = 1000');
}
// per table pages changed: dbstat not available maybe; count statements instead
shop.cleanup(); raw.cleanup();
