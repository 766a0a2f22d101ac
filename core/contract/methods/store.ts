import { returns, type DomainSpec } from '../method';
import * as s from '../schemas';
import * as st from '../store-schemas';
import type * as T from '../store-types';

/** The web store: its settings, the sync's state and log, the orders pulled from it. */
export const storeApi = {
  /** The indicator every screen shows: no details a cashier need not see. */
  'store.status': {
    input: s.empty,
    output: returns<Pick<T.SyncStatus, 'state' | 'queueDepth' | 'lastSuccessAt'>>(),
    access: 'authenticated',
  },
  'store.panel': { input: s.empty, output: returns<T.SyncPanel>(), access: 'store.manage' },
  'store.settings': { input: s.empty, output: returns<T.StoreSettingsView | null>(), access: 'store.manage' },
  'store.configure': { input: st.storeConfigureInput, output: returns<T.StoreSettingsView>(), access: 'store.manage' },
  'store.syncNow': { input: s.empty, output: returns<T.SyncStatus>(), access: 'store.manage' },
  'store.retryDeadLetter': { input: st.deadLetterRetryInput, output: returns<null>(), access: 'store.manage' },
  'store.orders': { input: st.storeOrdersInput, output: returns<T.StoreOrderSummary[]>(), access: 'stock.view' },
  /** The order with its lines and what is due at the counter (the cashier scans or types its number). */
  'store.order': { input: st.storeOrderInput, output: returns<T.StoreOrderDetail>(), access: 'sale.post' },
  /** The order shipped: posted as one sale (paid online), its reservation consumed, the store told. */
  'store.fulfil': { input: st.storeFulfilInput, output: returns<T.HandOverResult>(), access: 'sale.post' },
  /** Click & collect: the order handed over at the counter, the remainder paid here, one sale. */
  'store.collect': { input: st.storeCollectInput, output: returns<T.HandOverResult>(), access: 'sale.post' },
  /**
   * Picking by scanning: whoever may hand an order over (sale.post) may put its goods in the basket. Picked quantities
   * are a working state on the order, not stock movements; the hand-over's sale moves the stock.
   */
  'store.startPicking': { input: st.storeOrderStepInput, output: returns<T.StoreOrderDetail>(), access: 'sale.post' },
  'store.pick': { input: st.storePickInput, output: returns<T.StorePickResult>(), access: 'sale.post' },
  'store.ready': { input: st.storeOrderStepInput, output: returns<T.StoreOrderDetail>(), access: 'sale.post' },
  /** An open order cancelled in Lavka: its reservation released, the store told. Cancelling is a manager's call. */
  'store.cancel': { input: st.storeCancelInput, output: returns<T.StoreOrderDetail>(), access: 'doc.cancel' },
} as const satisfies DomainSpec;
