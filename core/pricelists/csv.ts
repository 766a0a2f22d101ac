// CSV and other delimited text as suppliers' 1C and Excel save it: UTF-8 (with or without a BOM), Windows-1251,
// or Excel's "Unicode text" (UTF-16); separated by semicolons (Russian Excel), commas or tabs.
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { AppError } from '../errors';
import { findHeaderRow, headerScore } from './headers';
import type { RawRow } from './types';

export type TextEncoding = 'utf-8' | 'windows-1251' | 'utf-16le' | 'utf-16be';

const DELIMITERS = [';', ',', '\t'] as const;

/** By BOM, else UTF-8 when every byte sequence is valid UTF-8, else Windows-1251 (every byte is a character there). */
export function detectEncoding(buf: Buffer): TextEncoding {
  if (buf[0] === 0xff && buf[1] === 0xfe) return 'utf-16le';
  if (buf[0] === 0xfe && buf[1] === 0xff) return 'utf-16be';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return 'utf-8';
  } catch {
    return 'windows-1251';
  }
}

export function decodeText(buf: Buffer, encoding: TextEncoding): string {
  const text = encoding === 'utf-8' ? buf.toString('utf8') : iconv.decode(buf, encoding === 'windows-1251' ? 'win1251' : encoding);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The delimiter under which the top of the file has the best header row; with no header anywhere, the one that
 * splits the most lines. Decimal commas in a semicolon file split lines too, so counting marks alone is not enough.
 */
export function detectDelimiter(text: string, searchRows: number): string {
  let best: { delimiter: string; header: number; width: number } = { delimiter: ';', header: 0, width: 0 };
  for (const delimiter of DELIMITERS) {
    const rows = headRows(text, delimiter, searchRows);
    const header = findHeaderRow(rows);
    const score = header ? headerScore(header.cells) : 0;
    const width = rows.filter((r) => r.cells.length > 1).length;
    if (score > best.header || (score === best.header && width > best.width)) best = { delimiter, header: score, width };
  }
  return best.delimiter;
}

function headRows(text: string, delimiter: string, n: number): RawRow[] {
  const head = text.slice(0, 262_144);
  for (let toLine = n; toLine > 0;) {
    try {
      const records = parseSync(head, {
        delimiter,
        relax_column_count: true,
        relax_quotes: true,
        to_line: toLine,
        skip_empty_lines: false,
      });
      return (records as string[][]).map((cells, i) => ({ row: i + 1, cells }));
    } catch (err) {
      // A broken quote further down still leaves the lines above it to judge by; reading them reports it.
      const lines = (err as { lines?: unknown }).lines;
      toLine = typeof lines === 'number' && lines - 1 < toLine ? lines - 1 : 0;
    }
  }
  return [];
}

/** Records with their 1-based numbers as Excel would show the rows (a quoted line break stays in one row). */
export async function* csvRows(text: string, delimiter: string): AsyncGenerator<RawRow> {
  const parser = Readable.from([text]).pipe(
    parse({ delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, trim: false }),
  );
  let row = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      row++;
      yield { row, cells: cells.map((c) => (c === '' ? null : c)) };
    }
  } catch (err) {
    // csv-parse gives up on the whole file (a quote never closed): no row after it can be trusted.
    const code = (err as { code?: unknown }).code;
    if (typeof code !== 'string' || !code.startsWith('CSV_')) throw err;
    throw new AppError('file_not_spreadsheet', `the CSV file is damaged: ${(err as Error).message}`);
  }
}
