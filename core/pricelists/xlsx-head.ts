// The top rows of each sheet straight from the workbook's XML, for the wizard's first look (the header search, the
// proposed columns, a few sample rows). exceljs's streaming reader must parse every shared string before the first
// row (about 3 s for a 100k-row list); the look needs some thirty rows and the strings they use. The sheet's XML is
// inflated from its start and the shared strings up to the highest one those rows name, each doubling only while
// more is needed. The rows are what the streaming reader gives for the same cells (test/pricelist-files.test.ts
// reads every fixture both ways).
import { readEntry, type ZipEntry } from './zip';
import type { RawCell, RawRow } from './types';

const FIRST_BYTES = 65_536;

/** XML's escapes in an attribute or text. */
export const xmlText = (s: string): string =>
  s.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);/gi, (_, e: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
    if (named[e.toLowerCase()]) return named[e.toLowerCase()]!;
    return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });

/** Inflates more of an entry (doubling) until `enough` says the text holds what is wanted, or the entry is whole. */
function readUntil(buf: Buffer, entry: ZipEntry, enough: (text: string) => boolean): { text: string; whole: boolean } {
  for (let bytes = FIRST_BYTES; ; bytes *= 2) {
    const whole = bytes >= entry.compressedSize;
    const text = readEntry(buf, entry, whole ? undefined : bytes);
    if (whole || enough(text)) return { text, whole };
  }
}

const ROW = /<(?:\w+:)?row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?row>)/g;
const CELL = /<(?:\w+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?c>)/g;
const attr = (attrs: string, name: string): string | undefined => new RegExp(`\\b${name}="([^"]*)"`).exec(attrs)?.[1];
/** The text runs of a string item (plain or rich text), leaving out phonetic runs as Excel shows them. */
const textOf = (xml: string): string =>
  [...xml.replace(/<(?:\w+:)?rPh\b[\s\S]*?<\/(?:\w+:)?rPh>/g, '').matchAll(/<(?:\w+:)?t\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?t>)/g)]
    .map((m) => xmlText(m[1] ?? ''))
    .join('');

function columnOf(ref: string | undefined): number | undefined {
  const letters = ref && /^([A-Z]+)/.exec(ref)?.[1];
  if (!letters) return undefined;
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

type HeadCell = { col: number; value: RawCell } | { col: number; shared: number };

function parseRows(xml: string, hasRest: boolean): { row: number; cells: HeadCell[] }[] {
  const out: { row: number; cells: HeadCell[] }[] = [];
  let lastRow = 0;
  for (const m of xml.matchAll(ROW)) {
    // The last element of a cut-off text may itself be cut off: only rows whose end was seen count.
    if (hasRest && m.index + m[0].length >= xml.length) break;
    const row = Number(attr(m[1]!, 'r') ?? lastRow + 1);
    lastRow = row;
    const cells: HeadCell[] = [];
    let lastCol = 0;
    for (const c of (m[2] ?? '').matchAll(CELL)) {
      const col = columnOf(attr(c[1]!, 'r')) ?? lastCol + 1;
      lastCol = col;
      const body = c[2] ?? '';
      const type = attr(c[1]!, 't') ?? 'n';
      const v = /<(?:\w+:)?v\b[^>]*>([\s\S]*?)<\/(?:\w+:)?v>/.exec(body)?.[1];
      if (type === 'inlineStr') {
        const is = /<(?:\w+:)?is\b[^>]*>([\s\S]*?)<\/(?:\w+:)?is>/.exec(body)?.[1];
        if (is !== undefined) cells.push({ col, value: textOf(is) });
      } else if (v === undefined || (v === '' && type !== 'str'))
        continue; // a formula never calculated has no value
      else if (type === 's') cells.push({ col, shared: Number(v) });
      else if (type === 'b') cells.push({ col, value: v === '1' || v === 'true' ? 'TRUE' : 'FALSE' });
      else if (type === 'str' || type === 'e') cells.push({ col, value: xmlText(v) });
      else if (type === 'd') cells.push({ col, value: xmlText(v).slice(0, 10) });
      else cells.push({ col, value: Number(v) });
    }
    out.push({ row, cells });
  }
  return out;
}

const hasText = (c: RawCell): boolean => c !== null && c.toString().trim() !== '';

/**
 * The first rows of a sheet, up to and including the `want`-th row with anything in it (all its rows if it has
 * fewer): the rows takeTop would take from the streaming reader, with the same cells.
 */
export function xlsxHeadRows(buf: Buffer, sheet: ZipEntry, sharedStrings: ZipEntry | undefined, want: number): RawRow[] {
  const filled = (r: { cells: HeadCell[] }) => r.cells.some((c) => 'shared' in c || hasText(c.value));
  const { text, whole } = readUntil(buf, sheet, (t) => parseRows(t, true).filter(filled).length >= want);
  const rows = parseRows(text, !whole);
  const top: typeof rows = [];
  let seen = 0;
  for (const r of rows) {
    if (seen >= want) break;
    top.push(r);
    if (filled(r)) seen++;
  }
  const strings = sharedTexts(buf, sharedStrings, Math.max(-1, ...top.flatMap((r) => r.cells.map((c) => ('shared' in c ? c.shared : -1)))));
  return top.map((r) => {
    const cells: RawCell[] = [];
    for (const c of r.cells) {
      const value = 'shared' in c ? (strings[c.shared] ?? null) : c.value;
      if (value === null) continue;
      while (cells.length < c.col - 1) cells.push(null);
      cells[c.col - 1] = value;
    }
    return { row: r.row, cells };
  });
}

/** The shared strings 0..upTo. */
function sharedTexts(buf: Buffer, entry: ZipEntry | undefined, upTo: number): string[] {
  if (upTo < 0 || !entry) return [];
  const items = (text: string, hasRest: boolean) => {
    const out: string[] = [];
    for (const m of text.matchAll(/<(?:\w+:)?si\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?si>)/g)) {
      if (hasRest && m.index + m[0].length >= text.length) break;
      out.push(textOf(m[1] ?? ''));
    }
    return out;
  };
  const { text, whole } = readUntil(buf, entry, (t) => items(t, true).length > upTo);
  return items(text, !whole);
}
