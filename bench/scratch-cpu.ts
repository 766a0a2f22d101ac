import { openShop, postSales, saleInputs } from './sale-post';
import { nowMs } from './util';
const shop = await openShop('NORMAL');
await postSales(shop, saleInputs(shop.products, 500, 1));
const t0 = nowMs(); await postSales(shop, saleInputs(shop.products, 3000, 2)); console.log('ms/sale', (nowMs() - t0) / 3000);
shop.cleanup();
