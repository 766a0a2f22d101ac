import type { DomainHandlers } from '../api/handler';
import type { labelsApi } from '../contract/methods/labels';
import { AppError } from '../errors';

export const labelHandlers: DomainHandlers<typeof labelsApi> = {
  /** Drawn by the reader (a worker in the app): thousands of barcodes and pages never hold up the till. */
  'labels.pdf': async (svc, _ctx, input) => {
    const r = await svc.reader.run('labels.pdf', { ...input, resourcesDir: svc.resourcesDir });
    if (!r.ok) throw new AppError(r.code, r.message);
    return r.file;
  },
};
