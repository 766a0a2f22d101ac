/**
 * A part of the workbook (a sheet's XML) on its way into the zip, in place of exceljs's own StreamBuf.
 *
 * StreamBuf turns each row's XML into a buffer of its own, copies it into a fresh zero-filled 64 KB buffer and writes
 * that into a PassThrough the zip reads from. Buffers live outside V8's heap and are freed when the object holding
 * them is collected; those still queued at a young collection move to the old generation and wait for a full one
 * (a million rows piled up tens of MB of them between full collections: the export's peak RSS).
 * This part writes each row's text straight into one 64 KB buffer (no buffer per row, no zero fill, no copy), handed
 * to the zip as it fills; the zip pipes the part itself (a Readable needs no PassThrough in between), so the writer
 * can wait until the zip has taken what was written (room()). The bytes are the same XML.
 */
import { Readable } from 'node:stream';

/** Bytes of XML per buffer handed to the zip (as StreamBuf's). */
const CHUNK_BYTES = 1 << 16;

/** exceljs's StringBuf, as far as a part reads it. */
interface StringBufLike {
  toBuffer(): Buffer;
}

export class XmlPart extends Readable {
  private buf = Buffer.allocUnsafe(CHUNK_BYTES);
  private at = 0;

  constructor() {
    super({ highWaterMark: CHUNK_BYTES });
    // exceljs's writers wait for 'zipped' (StreamBuf's own event, emitted when it ends).
    this.once('finish', () => this.emit('zipped'));
  }

  /** What exceljs writes: a row's XML as a string, or its reused StringBuf, or (never for sheets) a Buffer. */
  write(data: string | Buffer | StringBufLike): boolean {
    if (typeof data !== 'string') {
      // Copied: a StringBuf is reused for the next piece of XML.
      const bytes = Buffer.isBuffer(data) ? data : data.toBuffer();
      this.reserve(bytes.length);
      this.at += bytes.copy(this.buf, this.at);
      return true;
    }
    // UTF-8 takes at most 3 bytes per UTF-16 unit: only a long string needs its exact length.
    this.reserve(data.length * 3 <= this.buf.length - this.at ? 0 : Buffer.byteLength(data, 'utf8'));
    this.at += this.buf.write(data, this.at, 'utf8');
    return true;
  }

  end(): this {
    this.flush();
    this.push(null);
    this.emit('finish');
    return this;
  }

  /** Resolves once the zip has read all but `bytes` of what this part holds (or the part is gone). */
  room(bytes: number): Promise<void> {
    if (this.readableLength <= bytes || this.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      // 'data' is emitted as the zip takes each buffer, after it left this part's queue. A listener added while the
      // pipe holds the part paused does not resume it (Readable resumes only a stream never paused).
      const check = () => {
        if (this.readableLength > bytes && !this.destroyed) return;
        this.off('data', check);
        this.off('close', check);
        resolve();
      };
      this.on('data', check);
      this.once('close', check);
    });
  }

  /** Nothing to do: the rows are pushed as exceljs writes them, and the writer waits on room() between batches. */
  override _read(): void {}

  /** Makes room for `bytes` in the buffer being filled: a full one goes to the zip and a new one is taken. */
  private reserve(bytes: number): void {
    if (this.at + bytes <= this.buf.length) return;
    this.flush();
    this.buf = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, bytes));
  }

  private flush(): void {
    if (!this.at) return;
    this.push(this.buf.subarray(0, this.at));
    this.buf = this.buf.subarray(this.at);
    this.at = 0;
  }
}
