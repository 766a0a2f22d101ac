// The outbox topics the web store learns from; declared with the store's tables (db/queries/store.ts), where the
// catalog's price writes use them too.
export { PRICE_TOPIC, STOCK_TOPIC } from '../../db/queries/store';
