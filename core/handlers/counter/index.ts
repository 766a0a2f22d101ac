import { cartHandlers } from './cart';
import { customerHandlers } from './customers';
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
};
