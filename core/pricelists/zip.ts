// Just enough of the zip format to look inside an .xlsx before streaming it: which parts it has (is it a
// workbook at all?), the sheet names, and the first bytes of each sheet (its dimension, for row estimates).
import { constants, inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** The central directory, or null when the bytes are not a readable zip (damaged, or zip64). */
export function zipEntries(buf: Buffer): Map<string, ZipEntry> | null {
  const from = Math.max(0, buf.length - 65_557);
  let eocd = -1;
  for (let i = buf.length - 22; i >= from; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries = new Map<string, ZipEntry>();
  for (let n = 0; n < count; n++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50) return null;
    const nameLen = buf.readUInt16LE(at + 28);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLen);
    entries.set(name, {
      name,
      method: buf.readUInt16LE(at + 10),
      compressedSize: buf.readUInt32LE(at + 20),
      size: buf.readUInt32LE(at + 24),
      localOffset: buf.readUInt32LE(at + 42),
    });
    at += 46 + nameLen + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return entries;
}

/** An entry's text; with `prefixBytes`, only about that many compressed bytes are inflated (a sheet's head). */
export function readEntry(buf: Buffer, entry: ZipEntry, prefixBytes?: number): string {
  const at = entry.localOffset;
  if (buf.readUInt32LE(at) !== 0x04034b50) throw new Error(`zip entry ${entry.name}: bad local header`);
  const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
  const length = prefixBytes === undefined ? entry.compressedSize : Math.min(prefixBytes, entry.compressedSize);
  const data = buf.subarray(start, start + length);
  if (entry.method === 0) return data.toString('utf8');
  if (entry.method !== 8) throw new Error(`zip entry ${entry.name}: compression method ${entry.method}`);
  // A sync flush lets a cut-off deflate stream give what it has instead of failing.
  return inflateRawSync(data, { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8');
}
