import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// better-sqlite3 is synchronous: a quick_check of a large shop (hundreds of MB) would freeze the counter for
// most of a second, an integrity_check of a backup copy for longer. They run in a worker on its own read-only
// connection while the app serves (scans keep answering).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
let db;
try {
  db = new Database(workerData.file, { readonly: true, fileMustExist: true, ...(workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {}) });
  parentPort.postMessage({ rows: db.pragma(workerData.check).map((r) => r[workerData.check]) });
} catch (err) {
  parentPort.postMessage({ rows: [String(err && err.message || err)] });
} finally {
  if (db) db.close();
}
`;

const req: NodeJS.Require = typeof require === 'function' ? require : createRequire(import.meta.url);

export type FileCheck = 'quick_check' | 'integrity_check';

/** Resolves to [] when the file passes the check, else the problems it reported (or why it did not open). */
export function checkInWorker(file: string, check: FileCheck, nativeBinding?: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, check, nativeBinding, module: req.resolve('better-sqlite3') },
    });
    worker.once('message', (m: { rows: string[] }) => resolve(m.rows.length === 1 && m.rows[0] === 'ok' ? [] : m.rows));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`${check} worker exited with ${code}`));
    });
  });
}

export const quickCheckInWorker = (file: string, nativeBinding?: string): Promise<string[]> =>
  checkInWorker(file, 'quick_check', nativeBinding);
