// What kind of file the owner chose, from its bytes (names and extensions lie): a workbook, text we can read as
// CSV, or something we refuse with a message saying what it looks like.
import { AppError } from '../errors';
import { zipEntries, type ZipEntry } from './zip';
import type { FileKind } from './types';

const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

const SIGNATURES: [Buffer, string][] = [
  [Buffer.from('%PDF'), 'a PDF document'],
  [Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'a PNG image'],
  [Buffer.from([0xff, 0xd8, 0xff]), 'a JPEG image'],
  [Buffer.from('GIF8'), 'a GIF image'],
  [Buffer.from('Rar!'), 'a RAR archive'],
  [Buffer.from([0x1f, 0x8b]), 'a gzip archive'],
  [Buffer.from('7z\xbc\xaf'), 'a 7-Zip archive'],
  [Buffer.from('{\\rtf'), 'an RTF document'],
];

const utf16 = (s: string): Buffer => Buffer.from(s, 'utf16le');

export interface Sniffed {
  kind: FileKind;
  /** xlsx only: the zip's directory, read once. */
  entries?: Map<string, ZipEntry>;
}

export function sniff(buf: Buffer): Sniffed {
  if (buf.length === 0) throw new AppError('file_empty', 'the file is empty (0 bytes)');
  if (buf.subarray(0, 8).equals(OLE)) throw oleError(buf);
  for (const [magic, what] of SIGNATURES) {
    if (buf.subarray(0, magic.length).equals(magic)) throw notSpreadsheet(`this is ${what}`);
  }
  const head = buf.length >= 4 ? buf.readUInt32LE(0) : 0;
  if (head === 0x04034b50 || head === 0x06054b50) return zipKind(buf);
  if (!looksLikeText(buf.subarray(0, 65_536))) throw notSpreadsheet('it holds binary data, not text or a workbook');
  return { kind: 'csv' };
}

function zipKind(buf: Buffer): Sniffed {
  const entries = zipEntries(buf);
  if (!entries) throw notSpreadsheet('it is a damaged or unsupported zip archive');
  if (entries.has('xl/workbook.xml')) return { kind: 'xlsx', entries };
  if (entries.has('xl/workbook.bin')) throw notSpreadsheet('it is a binary Excel workbook (.xlsb); save it as .xlsx');
  if (entries.has('content.xml') && entries.has('mimetype')) throw notSpreadsheet('it is an OpenDocument file (.ods); save it as .xlsx');
  if (entries.has('word/document.xml')) throw notSpreadsheet('it is a Word document');
  throw notSpreadsheet('it is a zip archive without a workbook inside');
}

// Both a password-protected .xlsx and an Excel 97-2003 .xls are OLE compound files; their stream names tell them apart.
function oleError(buf: Buffer): AppError {
  if (buf.includes(utf16('EncryptedPackage')) || buf.includes(utf16('EncryptionInfo')))
    return new AppError('file_encrypted', 'the workbook is protected with a password; remove the password in Excel and save it again');
  if (buf.includes(utf16('Workbook')) || buf.includes(utf16('Book')))
    return new AppError('file_old_excel', 'this is an Excel 97-2003 workbook (.xls); save it as .xlsx or CSV');
  if (buf.includes(utf16('WordDocument'))) return notSpreadsheet('it is a Word 97-2003 document');
  return new AppError(
    'file_encrypted',
    'this is an OLE container: a password-protected workbook or an Excel 97-2003 file; save it as .xlsx without a password',
  );
}

/** Text has no NUL bytes (unless UTF-16) and almost no control characters besides tab, line breaks and form feed. */
function looksLikeText(head: Buffer): boolean {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return true;
  let control = 0;
  for (const b of head) {
    if (b === 0) return false;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1a) control++;
  }
  return control <= head.length / 1000;
}

const notSpreadsheet = (why: string): AppError =>
  new AppError('file_not_spreadsheet', `not a spreadsheet: ${why}; choose an Excel workbook (.xlsx) or a CSV file`);
