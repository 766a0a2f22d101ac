// Exported files waiting to be fetched. The reader worker writes a report's file straight into this store's folder
// and the API answers only its id, so a million-row file never crosses the thread that answers the till as base64
// JSON: browser mode streams it from GET /download/<id> (server/download.ts), the desktop shell copies it where the
// user saves it (electron/ipc.ts). An id is 128 random bits, good only for the session that exported it, for
// 10 minutes; the folder (the data directory's `downloads`) is emptied at start and its expired files removed.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

export const DOWNLOAD_TTL_MS = 10 * 60 * 1000;
export const DOWNLOAD_ID = /^[0-9a-f]{32}$/;

export interface HeldDownload {
  /** The absolute path of the file in the store. */
  file: string;
  fileName: string;
  mime: string;
  /** The session token of whoever exported it. */
  owner: string;
  at: number;
}

export class DownloadStore {
  private readonly held = new Map<string, HeldDownload>();
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    readonly dir: string,
    private readonly ttlMs = DOWNLOAD_TTL_MS,
  ) {
    // Whatever an earlier run left (a crash mid-export, a file never fetched) is no one's any more.
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    // An expired file goes on time even when no one exports or downloads again; never keeps the process alive.
    this.timer = setInterval(() => this.sweep(), Math.min(60_000, this.ttlMs)).unref();
  }

  /** A fresh id and the path its file is to be written at (in the store's folder, named by the id alone). */
  reserve(ext: string): { id: string; file: string } {
    this.sweep();
    const id = randomBytes(16).toString('hex');
    return { id, file: path.join(this.dir, `${id}.${ext.replace(/[^a-z0-9]/gi, '')}`) };
  }

  /** The file written at a reserved path is now fetchable by its owner's session. */
  keep(id: string, file: string, fileName: string, mime: string, owner: string): void {
    this.held.set(id, { file, fileName: fileName.replace(/[\\/\0]/g, '_'), mime, owner, at: Date.now() });
  }

  /** The file behind an id, for the session that exported it only (null otherwise: unknown, expired, another's). */
  get(id: string, sessionToken: string | undefined): HeldDownload | null {
    this.sweep();
    if (!DOWNLOAD_ID.test(id)) return null;
    const d = this.held.get(id);
    return d && sessionToken && d.owner === sessionToken && existsSync(d.file) ? d : null;
  }

  /** The file behind an id whoever exported it: for tests and the core's own callers, never a transport's. */
  peek(id: string): HeldDownload | null {
    return this.held.get(id) ?? null;
  }

  sweep(now = Date.now()): void {
    for (const [id, d] of this.held)
      if (now - d.at > this.ttlMs) {
        this.held.delete(id);
        try {
          rmSync(d.file, { force: true });
        } catch {
          // Windows refuses to remove a file still being sent; the next start empties the folder.
        }
      }
  }

  /** Removes every file (the core is closing). */
  clear(): void {
    clearInterval(this.timer);
    this.held.clear();
    // The data folder may be gone already (a test's temp dir, a restore that replaced it): nothing left to remove.
    if (!existsSync(this.dir)) return;
    for (const f of readdirSync(this.dir)) rmSync(path.join(this.dir, f), { recursive: true, force: true });
  }
}
