// Source mode (vitest, tsx, the bench): a worker cannot load TypeScript by itself, so this boot registers tsx in
// the worker and then imports the TypeScript entry. The built app starts its bundled entry directly instead.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
