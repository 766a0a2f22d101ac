/**
 * Reads label PDFs back the way a person checking them would, with independent tools: poppler's pdfinfo (pages,
 * size), pdftoppm (the page as pixels at 300 dpi), zbarimg from zbar-tools (the barcodes in each label's patch of
 * the page) and pdftotext -bbox (each word and where it sits).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { slotOrigin, type LabelLayout } from '../core/labels/layouts';

export const DPI = 300;
const PT_PER_MM = 72 / 25.4;

function run(cmd: string, args: string[], okStatus: number[] = [0]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  if (!okStatus.includes(r.status ?? -1)) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

export interface PdfFile {
  file: string;
  dir: string;
  cleanup: () => void;
}

export function writePdf(pdf: Buffer): PdfFile {
  const dir = mkdtempSync(path.join(tmpdir(), 'lavka-labels-'));
  const file = path.join(dir, 'labels.pdf');
  writeFileSync(file, pdf);
  return { file, dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** pdfinfo's page count and first page size in points. */
export function pdfInfo(file: string): { pages: number; width: number; height: number; sizeName: string } {
  const out = run('pdfinfo', [file]);
  const pages = Number(/^Pages:\s+(\d+)/m.exec(out)?.[1]);
  const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts(?: \((\w+)\))?/m.exec(out);
  return { pages, width: Number(size?.[1]), height: Number(size?.[2]), sizeName: size?.[3] ?? '' };
}

interface Gray {
  width: number;
  height: number;
  pixels: Buffer;
}

/** One page rendered by pdftoppm, 8-bit gray. */
export function renderPage(pdf: PdfFile, page: number): Gray {
  const base = path.join(pdf.dir, `page${page}`);
  run('pdftoppm', ['-r', String(DPI), '-gray', '-f', String(page), '-l', String(page), '-singlefile', pdf.file, base]);
  const buf = readFileSync(`${base}.pgm`);
  // Binary PGM: "P5", width, height, maxval, one whitespace byte, then the pixels.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(buf.subarray(0, 50).toString('latin1'));
  if (!header) throw new Error('pdftoppm did not write a binary PGM');
  return { width: Number(header[1]), height: Number(header[2]), pixels: buf.subarray(header[0].length) };
}

type Box = { x: number; y: number; width: number; height: number };

/**
 * What zbarimg finds in each rectangle of the page (mm), as "EAN-13:4607001000013"; [] where it finds nothing.
 * Each rectangle is cut out as its own image, and all of them go to one zbarimg run (its XML names each image).
 */
export function decodeAreas(pdf: PdfFile, page: Gray, boxes: Box[]): string[][] {
  const px = (mm: number): number => Math.round((mm * DPI) / 25.4);
  const files = boxes.map((box, i) => {
    const x0 = px(box.x);
    const y0 = px(box.y);
    const w = Math.min(px(box.width), page.width - x0);
    const h = Math.min(px(box.height), page.height - y0);
    const out = Buffer.alloc(w * h);
    for (let row = 0; row < h; row++) page.pixels.copy(out, row * w, (y0 + row) * page.width + x0, (y0 + row) * page.width + x0 + w);
    const file = path.join(pdf.dir, `area${i}.pgm`);
    writeFileSync(file, Buffer.concat([Buffer.from(`P5\n${w} ${h}\n255\n`, 'latin1'), out]));
    return file;
  });
  // Exit 4: no symbol in any image. UPC-A is reported as itself, not as the EAN-13 it also is.
  const xml = run('zbarimg', ['-q', '--xml', '--set', 'upca.enable=1', ...files], [0, 4]);
  const found = new Map<string, string[]>();
  for (const source of xml.split('<source ').slice(1)) {
    const href = /^href='([^']*)'/.exec(source)?.[1] ?? '';
    const symbols = [...source.matchAll(/<symbol type='([^']+)'[^>]*><data><!\[CDATA\[([\s\S]*?)\]\]><\/data>/g)];
    found.set(
      href,
      symbols.map((m) => `${m[1]}:${m[2]}`),
    );
  }
  return files.map((f) => found.get(f) ?? []);
}

export interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

const unescape = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

/** Each page's words with their boxes (points from the top-left corner), as pdftotext reads them. */
export function pageWords(pdf: PdfFile): Word[][] {
  const html = run('pdftotext', ['-bbox', pdf.file, '-']);
  return html
    .split('<page ')
    .slice(1)
    .map((page) =>
      [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
        xMin: Number(m[1]),
        yMin: Number(m[2]),
        xMax: Number(m[3]),
        yMax: Number(m[4]),
        text: unescape(m[5]!),
      })),
    );
}

/** The label slots of a page, in mm. */
export function slots(layout: LabelLayout): { x: number; y: number; width: number; height: number }[] {
  return Array.from({ length: layout.columns * layout.rows }, (_, i) => ({ ...slotOrigin(layout, i), ...layout.label }));
}

/** Words whose centre lies in the box (mm); `inside` tells whether each one lies wholly in it. */
export function wordsIn(words: Word[], box: { x: number; y: number; width: number; height: number }): { text: string; inside: boolean }[] {
  const [x0, y0, x1, y1] = [box.x, box.y, box.x + box.width, box.y + box.height].map((v) => v * PT_PER_MM) as [
    number,
    number,
    number,
    number,
  ];
  const eps = 0.01;
  return words
    .filter((w) => {
      const cx = (w.xMin + w.xMax) / 2;
      const cy = (w.yMin + w.yMax) / 2;
      return cx >= x0 && cx < x1 && cy >= y0 && cy < y1;
    })
    .map((w) => ({ text: w.text, inside: w.xMin >= x0 - eps && w.xMax <= x1 + eps && w.yMin >= y0 - eps && w.yMax <= y1 + eps }));
}
