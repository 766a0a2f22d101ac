// Files sent in for import and the dry runs waiting for their apply. A file arrives once (browser mode streams the
// upload here; the desktop shell hands over the path the owner chose, copied in) and is named from then on by a
// token; every later call (sheets, dry run) takes the token, so there is one core entry whatever the transport.
// Files live in the data directory's `uploads` folder, which is emptied at start and swept of anything older than
// the TTL; a dry run's plan lives in memory until its apply takes it, or the TTL ends it.
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { copyFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, fail } from '../errors';

/** A price list of 100k rows is ~5 MB as xlsx, ~10 MB as CSV: 100 MB is room for any shop's list. */
export const MAX_UPLOAD = 100 * 1024 * 1024;
const TTL_MS = 2 * 60 * 60 * 1000;

export const TOKEN = /^[0-9a-f]{32}$/;

interface Held<T> {
  userId: number;
  at: number;
  value: T;
}

export interface UploadedFile {
  token: string;
  name: string;
  size: number;
}

export class UploadStore {
  private readonly files = new Map<string, Held<{ file: string; name: string; size: number }>>();
  private readonly previews = new Map<string, Held<unknown>>();

  constructor(
    readonly dir: string,
    private readonly ttlMs = TTL_MS,
  ) {
    // Whatever an earlier run left (a crash mid-upload) is no one's any more.
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
  }

  /** Streams a body into the store; over `limit` bytes the file is removed and the upload refused with too_large. */
  async receive(body: Readable, userId: number, name: string, limit = MAX_UPLOAD): Promise<UploadedFile> {
    this.sweep();
    const token = randomBytes(16).toString('hex');
    const file = path.join(this.dir, `${token}.upload`);
    let size = 0;
    try {
      await pipeline(
        body,
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const c of chunks) {
            size += c.length;
            if (size > limit) throw new AppError('too_large', `the file is over ${Math.round(limit / 1024 / 1024)} MB`);
            yield c;
          }
        },
        createWriteStream(file),
      );
    } catch (err) {
      rmSync(file, { force: true });
      throw err;
    }
    return this.hold(token, file, userId, name, size);
  }

  /** The desktop shell's way in: a copy of the file the owner chose (the original may change or move meanwhile). */
  async adopt(source: string, userId: number, limit = MAX_UPLOAD): Promise<UploadedFile> {
    this.sweep();
    const { size } = await stat(source);
    if (size > limit) fail('too_large', `the file is over ${Math.round(limit / 1024 / 1024)} MB`);
    const token = randomBytes(16).toString('hex');
    const file = path.join(this.dir, `${token}.upload`);
    await copyFile(source, file);
    return this.hold(token, file, userId, path.basename(source), size);
  }

  private hold(token: string, file: string, userId: number, name: string, size: number): UploadedFile {
    const clean = name.replace(/[\\/\0]/g, '_').slice(0, 200) || 'file';
    this.files.set(token, { userId, at: Date.now(), value: { file, name: clean, size } });
    return { token, name: clean, size };
  }

  /** The file behind a token the same user uploaded. */
  file(token: string, userId: number): { file: string; name: string } {
    this.sweep();
    const held = this.files.get(token);
    if (!held || held.userId !== userId)
      throw new AppError('not_found', 'the uploaded file is gone (expired or never sent): choose the file again');
    return held.value;
  }

  /** Keeps a dry run for its apply; the token names exactly it. */
  keepPreview(userId: number, value: unknown): string {
    this.sweep();
    const token = randomBytes(16).toString('hex');
    this.previews.set(token, { userId, at: Date.now(), value });
    return token;
  }

  /** The dry run behind a token, taken: a token applies once. */
  takePreview<T>(token: string, userId: number): T {
    this.sweep();
    const held = this.previews.get(token);
    if (!held || held.userId !== userId)
      throw new AppError(
        'invalid_state',
        'this dry run is no longer valid (applied already, expired, or from an earlier start): run the dry run again',
      );
    this.previews.delete(token);
    return held.value as T;
  }

  sweep(now = Date.now()): void {
    for (const [token, held] of this.files)
      if (now - held.at > this.ttlMs) {
        rmSync(held.value.file, { force: true });
        this.files.delete(token);
      }
    for (const [token, held] of this.previews) if (now - held.at > this.ttlMs) this.previews.delete(token);
  }

  /** Removes every file (the core is closing). */
  clear(): void {
    this.files.clear();
    this.previews.clear();
    // The data folder may be gone already (a test's temp dir, a restore that replaced it): nothing left to remove.
    if (!existsSync(this.dir)) return;
    for (const f of readdirSync(this.dir, { withFileTypes: true })) rmSync(path.join(this.dir, f.name), { recursive: true, force: true });
  }
}
