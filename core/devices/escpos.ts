/**
 * ESC/POS bytes for a receipt layout (receipt.ts), plus the few raw commands the library gets wrong or lacks.
 *
 * node-thermal-printer builds the buffer (init, bold, text size, cut). Its text encoding is not used: on a character
 * the active code page lacks it silently switches to another code page mid-receipt (and logs to the console), so text
 * is encoded here with iconv-lite into the one configured page; anything it lacks prints as '?'.
 * Not used either: its drawer kick (3 bytes, the printer eats the next two as pulse times: its issue #54) and its
 * CODE128 (typings disagree with the Epson implementation); both are written here in full.
 */
import iconv from 'iconv-lite';
import { PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import { hasValidCheckDigit, type Symbology } from '../barcode';
import type { ReceiptLayout } from './receipt';

export type CodePage = 'cp866' | 'cp1251';

/** `ESC t n` on Epson: PC866 = 17, WPC1251 = 46. Clones vary, so EscPosOptions.codePageNumber can override. */
export const CODE_PAGES: Record<CodePage, { escT: number; iconv: string }> = {
  cp866: { escT: 17, iconv: 'cp866' },
  cp1251: { escT: 46, iconv: 'win1251' },
};

export interface EscPosOptions {
  codePage: CodePage;
  codePageNumber?: number;
  /** Printable dots per line (384 on 58 mm, 576 on 80 mm): sizes the barcode so it fits. */
  dots?: number;
  drawer?: DrawerKick;
}

export interface DrawerKick {
  /** 0: connector pin 2 (most drawers), 1: pin 5. */
  pin: 0 | 1;
  /** Pulse on / off time in 2 ms units. */
  onTime: number;
  offTime: number;
}

export const DEFAULT_DRAWER: DrawerKick = { pin: 0, onTime: 0x19, offTime: 0xfa };

/** `ESC p m t1 t2`: always all five bytes. */
export function drawerKick(k: DrawerKick = DEFAULT_DRAWER): Buffer {
  return Buffer.from([0x1b, 0x70, k.pin, k.onTime & 0xff, k.offTime & 0xff]);
}

export const ESC_INIT = Buffer.from([0x1b, 0x40]);
const ALIGN_LEFT = Buffer.from([0x1b, 0x61, 0]);
const ALIGN_CENTER = Buffer.from([0x1b, 0x61, 1]);

/** Encodes into the code page; NFC first so a decomposed letter is one byte. */
export function encodeText(text: string, codePage: CodePage): Buffer {
  return iconv.encode(text.normalize('NFC'), CODE_PAGES[codePage].iconv);
}

/**
 * CODE128 code set B (any printable ASCII: "S-000123"), human-readable text below. The module width is the widest
 * (3, then 2, then 1 dot) at which the symbol and its quiet zones fit the paper.
 */
export function code128(data: string, dots = 384): Buffer {
  const ascii = /^[\x20-\x7e]{1,250}$/.test(data) ? data : data.replace(/[^\x20-\x7e]/g, '?').slice(0, 250);
  const modules = 11 * (ascii.length + 2) + 13 + 20; // start + data + check + stop(13) + quiet zones
  const moduleWidth = [3, 2, 1].find((m) => m * modules <= dots) ?? 1;
  const body = Buffer.concat([Buffer.from('{B', 'latin1'), Buffer.from(ascii, 'latin1')]);
  return Buffer.concat([
    Buffer.from([0x1d, 0x48, 2]), // GS H 2: HRI below
    Buffer.from([0x1d, 0x66, 0]), // GS f 0: HRI font A
    Buffer.from([0x1d, 0x77, moduleWidth]), // GS w
    Buffer.from([0x1d, 0x68, 80]), // GS h: 80 dots = 10 mm tall
    Buffer.from([0x1d, 0x6b, 73, body.length]), // GS k m=73 (CODE128) n
    body,
    Buffer.from([0x0a]),
  ]);
}

/** `GS k` function B codes and data lengths: the check digit is left to the printer, which computes it itself. */
const GTIN_GS_K: Record<Exclude<Symbology, 'code128'>, { m: number; dataDigits: number; modules: number }> = {
  ean13: { m: 67, dataDigits: 12, modules: 95 + 18 },
  ean8: { m: 68, dataDigits: 7, modules: 67 + 14 },
  upca: { m: 65, dataDigits: 11, modules: 95 + 18 },
};

/** EAN-13, EAN-8 or UPC-A (digits with their check digit), human-readable digits below, as wide as the paper allows. */
export function gtinBarcode(code: string, symbology: Exclude<Symbology, 'code128'>, dots = 384): Buffer {
  const s = GTIN_GS_K[symbology];
  if (code.length !== s.dataDigits + 1 || !hasValidCheckDigit(code))
    throw new RangeError(`${symbology} needs ${s.dataDigits + 1} digits with a valid check digit: ${code}`);
  const moduleWidth = [3, 2].find((m) => m * s.modules <= dots) ?? 1;
  return Buffer.concat([
    Buffer.from([0x1d, 0x48, 2]), // GS H 2: HRI below
    Buffer.from([0x1d, 0x66, 0]), // GS f 0: HRI font A
    Buffer.from([0x1d, 0x77, moduleWidth]), // GS w
    Buffer.from([0x1d, 0x68, 80]), // GS h: 80 dots = 10 mm tall
    Buffer.from([0x1d, 0x6b, s.m, s.dataDigits]), // GS k m n
    Buffer.from(code.slice(0, s.dataDigits), 'latin1'),
    Buffer.from([0x0a]),
  ]);
}

export function layoutToEscPos(layout: ReceiptLayout, o: EscPosOptions): Buffer {
  const p = new ThermalPrinter({ type: PrinterTypes.EPSON, interface: '', width: layout.width });
  p.setBuffer(Buffer.alloc(0)); // drop anything the constructor queued; we start with our own init
  p.add(ESC_INIT);
  p.add(Buffer.from([0x1b, 0x74, o.codePageNumber ?? CODE_PAGES[o.codePage].escT]));
  for (const b of layout.blocks) {
    switch (b.kind) {
      case 'text':
        if (b.bold) p.bold(true);
        if (b.tall) p.setTextDoubleHeight();
        p.add(encodeText(b.text, o.codePage));
        if (b.tall) p.setTextNormal();
        if (b.bold) p.bold(false);
        p.newLine();
        break;
      case 'rule':
        p.add(Buffer.from('-'.repeat(layout.width), 'latin1'));
        p.newLine();
        break;
      case 'barcode':
        p.add(ALIGN_CENTER);
        {
          const dots = o.dots ?? (layout.width <= 32 ? 384 : 576);
          p.add(b.symbology && b.symbology !== 'code128' ? gtinBarcode(b.data, b.symbology, dots) : code128(b.data, dots));
        }
        p.add(ALIGN_LEFT);
        break;
      case 'feed':
        for (let i = 0; i < b.lines; i++) p.newLine();
        break;
      case 'cut':
        // Feeds past the cutter, GS V 0/1, then ESC @ (node-thermal-printer).
        if (b.mode === 'partial') p.partialCut();
        else p.cut();
        break;
      case 'drawer':
        p.add(drawerKick(o.drawer));
        break;
    }
  }
  return Buffer.from(p.getBuffer());
}
