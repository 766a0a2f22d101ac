// The reader worker's entry (bundled as dist/server/reader-worker.mjs and dist/electron/reader-worker.cjs).
import { appReads } from './reads';
import { serveReads } from './serve';

serveReads(appReads);
