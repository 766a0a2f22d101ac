import type { HandlerMap } from '../api/handler';

// Placeholder until the device handlers land (printer status, preview, reprint, drawer).
export const deviceHandlers = {} as HandlerMap<never>;
