import { it } from 'vitest';
import { apiAs, CASHIER, demoBarcode, uuid } from './helpers-counter';
import { startServer } from './harness';
it('debug', async () => {
  const srv = await startServer({ demo: true });
  try {
    const c = await apiAs(srv.url, CASHIER);
    await c('shift.open', { float: 0 });
    const cart = await c<{ id: number }>('cart.current');
    await c('cart.scan', { cartId: cart.id, code: demoBarcode(1) });
    const r = await c<{ id: number; number: string }>('cart.pay', { cartId: cart.id, uuid: uuid(), payments: [{ method: 'card', amount: 5000 }, { method: 'cash', amount: 10000 }] });
    console.log(r);
    console.log((await c<{ text: string }>('receipt.preview', { docId: r.id })).text);
    console.log(JSON.stringify(await c.raw('receipt.find', { code: r.number })).slice(0, 600));
  } finally { await srv.stop(); }
});
