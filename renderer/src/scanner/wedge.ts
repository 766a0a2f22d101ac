/**
 * Keyboard-wedge scan detector: tells a scanner's key burst from a person typing, by timing only.
 *
 * Pure and dependency-free on purpose: no DOM, no timers, no imports (unit-tested in test/devices-wedge.test.ts).
 * listen.ts feeds it `keydown` events ({key, timeMs: e.timeStamp}) from a window-level capture listener, which catches
 * scans wherever focus is. Same idea and defaults as onScan.js: at least 6 characters, <= ~30 ms per character on
 * average, ended by Enter or Tab.
 *
 * Timers are the caller's: for scanners configured without a suffix, call `flush(now)` ~timeBeforeScanTestMs after
 * the last key.
 */

export interface WedgeOptions {
  /** Shortest accepted scan. EAN-8 is 8; 6 leaves room for short in-store codes. */
  minLength: number;
  /** Largest average gap between characters of a scan; people rarely type faster than ~50 ms per key. */
  avgTimeByCharMs: number;
  /**
   * A gap longer than this starts a new burst: characters typed before it are not part of the scan. This is the
   * "first character" problem: without it, a stray keypress seconds earlier would spoil the average of a real scan.
   */
  maxGapMs: number;
  /** Keys that end a scan (KeyboardEvent.key values). */
  suffixKeys: readonly string[];
  /** Quiet time after which flush() tests the buffer (scanners without a suffix). */
  timeBeforeScanTestMs: number;
  /**
   * Wedges usually lose GS (0x1D) in GS1 codes; many scanners can send a replacement character instead. Keys equal to
   * this are put in the code as GS. Undefined: no replacement.
   */
  gsReplacementKey?: string;
  /**
   * With the Russian layout active, a wedge typing "S-000123" arrives as "Ы-000123" (KeyboardEvent.key follows the
   * layout). 'ru' maps ЙЦУКЕН letters back to the QWERTY keys they sit on, in scans only. Feeding
   * KeyboardEvent.code-derived characters instead avoids the problem altogether.
   */
  layout?: 'ru';
}

export const DEFAULT_WEDGE_OPTIONS: WedgeOptions = {
  minLength: 6,
  avgTimeByCharMs: 30,
  maxGapMs: 100,
  suffixKeys: ['Enter', 'Tab'],
  timeBeforeScanTestMs: 100,
};

export interface WedgeKey {
  /** KeyboardEvent.key: a printable character, 'Enter', 'Shift', ... */
  key: string;
  /** Milliseconds, any monotonic origin (KeyboardEvent.timeStamp, performance.now()). */
  timeMs: number;
}

export type WedgeResult =
  /** Nothing decided yet (the key went into the buffer, or was a modifier). */
  | { type: 'pending' }
  /** A scan: the caller should swallow the suffix key and drop the characters the focused field received. */
  | { type: 'scan'; code: string; startMs: number; endMs: number; avgMs: number }
  /** The buffer was typing (too slow or too short); `text` is what was typed, for callers that held keys back. */
  | { type: 'typing'; text: string };

export interface WedgeDetector {
  feed(ev: WedgeKey): WedgeResult;
  /** Tests the buffer when nothing arrived for timeBeforeScanTestMs; for suffix-less scanners. */
  flush(nowMs: number): WedgeResult;
  reset(): void;
}

const RU = 'йцукенгшщзхъфывапролджэячсмитьбюё';
const EN = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`";
const EN_SHIFT = 'QWERTYUIOP{}ASDFGHJKL:"ZXCVBNM<>~';
const RU_TO_EN = new Map<string, string>();
for (let i = 0; i < RU.length; i++) {
  RU_TO_EN.set(RU[i]!, EN[i]!);
  RU_TO_EN.set(RU[i]!.toUpperCase(), EN_SHIFT[i]!);
}

/** Keys a scanner sends alongside characters that must not break a burst (uppercase letters come with Shift). */
const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'Unidentified']);

export function createWedgeDetector(options: Partial<WedgeOptions> = {}): WedgeDetector {
  const o: WedgeOptions = { ...DEFAULT_WEDGE_OPTIONS, ...options };
  let chars: string[] = [];
  let firstMs = 0;
  let lastMs = 0;

  const reset = (): void => {
    chars = [];
    firstMs = 0;
    lastMs = 0;
  };

  /** Decides on the current buffer and empties it. */
  const decide = (): WedgeResult => {
    const text = chars.join('');
    const n = chars.length;
    // Average over the gaps between characters: n characters have n - 1 gaps.
    const avgMs = n > 1 ? (lastMs - firstMs) / (n - 1) : Infinity;
    const result: WedgeResult =
      n >= o.minLength && avgMs <= o.avgTimeByCharMs
        ? {
            type: 'scan',
            code: o.layout === 'ru' ? [...text].map((c) => RU_TO_EN.get(c) ?? c).join('') : text,
            startMs: firstMs,
            endMs: lastMs,
            avgMs,
          }
        : { type: 'typing', text };
    reset();
    return result;
  };

  const feed = (ev: WedgeKey): WedgeResult => {
    if (MODIFIERS.has(ev.key)) return { type: 'pending' };
    if (o.suffixKeys.includes(ev.key)) {
      if (chars.length === 0) return { type: 'typing', text: '' };
      // A suffix long after the last character is a person pressing Enter, not the end of a burst.
      if (ev.timeMs - lastMs > o.maxGapMs) {
        const text = chars.join('');
        reset();
        return { type: 'typing', text };
      }
      return decide();
    }
    const ch = o.gsReplacementKey !== undefined && ev.key === o.gsReplacementKey ? '\x1d' : ev.key;
    if ([...ch].length !== 1) {
      // Backspace, arrows, F-keys: a person is editing; whatever was buffered is typing.
      const text = chars.join('');
      reset();
      return { type: 'typing', text };
    }
    if (chars.length > 0 && ev.timeMs - lastMs > o.maxGapMs) {
      // Gap too long: the earlier characters were typing; this one may start a scan.
      const typed = chars.join('');
      reset();
      chars.push(ch);
      firstMs = lastMs = ev.timeMs;
      return { type: 'typing', text: typed };
    }
    if (chars.length === 0) firstMs = ev.timeMs;
    chars.push(ch);
    lastMs = ev.timeMs;
    return { type: 'pending' };
  };

  const flush = (nowMs: number): WedgeResult => {
    if (chars.length === 0 || nowMs - lastMs < o.timeBeforeScanTestMs) return { type: 'pending' };
    return decide();
  };

  return { feed, flush, reset };
}
