import type { HandlerMap } from '../../api/handler';

// Placeholder until the counter handlers land (shifts, carts, customers, returns, loss report).
export const counterHandlers = {} as HandlerMap<never>;
