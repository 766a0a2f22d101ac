import type { HandlerMap } from '../../api/handler';
import { cartHandlers } from './cart';
import { customerHandlers } from './customers';
import { lossHandlers } from './loss';
import { payHandlers } from './pay';
import { returnHandlers } from './returns';
import { shiftHandlers } from './shifts';

/** Shifts, carts, customers, returns and the loss report (printing and the drawer live in ../devices). */
export const counterHandlers = {
  ...shiftHandlers,
  ...cartHandlers,
  ...payHandlers,
  ...customerHandlers,
  ...returnHandlers,
  ...lossHandlers,
} satisfies HandlerMap<
  | 'shift.current'
  | 'shift.open'
  | 'shift.cash'
  | 'shift.x'
  | 'shift.close'
  | 'shift.list'
  | 'shift.report'
  | 'cart.current'
  | 'cart.scan'
  | 'cart.add'
  | 'cart.setQty'
  | 'cart.setPrice'
  | 'cart.removeLine'
  | 'cart.discount'
  | 'cart.customer'
  | 'cart.park'
  | 'cart.parked'
  | 'cart.recall'
  | 'cart.clear'
  | 'cart.pay'
  | 'customer.find'
  | 'customer.upsert'
  | 'receipt.find'
  | 'receipt.search'
  | 'return.post'
  | 'report.loss'
>;
