import type { Method } from '../contract/api';
import type { HandlerMap } from '../api/handler';
import { authHandlers } from './auth';
import { backupHandlers } from './backup';
import { catalogHandlers } from './catalog';
import { categoryHandlers } from './categories';
import { periodHandlers } from './period';
import { priceHandlers } from './prices';
import { reportHandlers } from './reports';
import { priceListHandlers } from './pricelists';
import { supplierHandlers } from './suppliers';
import { counterHandlers } from './counter';
import { countHandlers } from './counts';
import { deviceHandlers } from './devices';
import { documentHandlers } from './documents';
import { draftHandlers } from './drafts';
import { expenseHandlers } from './expenses';
import { labelHandlers } from './labels';
import { purchasingHandlers } from './purchasing';
import { setupHandlers } from './setup';
import { stockHandlers } from './stock';
import { storeHandlers } from './store';
import { systemHandlers } from './system';
import { userHandlers } from './users';

/** Every method in the contract has exactly one handler: a missing one fails to compile. */
export const handlers: HandlerMap<Method> = {
  ...systemHandlers,
  ...setupHandlers,
  ...authHandlers,
  ...catalogHandlers,
  ...labelHandlers,
  ...categoryHandlers,
  ...priceHandlers,
  ...priceListHandlers,
  ...supplierHandlers,
  ...documentHandlers,
  ...draftHandlers,
  ...purchasingHandlers,
  ...stockHandlers,
  ...backupHandlers,
  ...userHandlers,
  ...counterHandlers,
  ...storeHandlers,
  ...deviceHandlers,
  ...periodHandlers,
  ...reportHandlers,
  ...countHandlers,
  ...expenseHandlers,
};
