/** Width of a string in the font and size being laid out (points). */
export type Measure = (text: string) => number;

const ELLIPSIS = '…';

/** The longest start of `text` that fits `width` with an ellipsis after it (the ellipsis alone if nothing does). */
function truncate(measure: Measure, text: string, width: number): string {
  const chars = [...text.trimEnd()];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(chars.slice(0, mid).join('').trimEnd() + ELLIPSIS) <= width) lo = mid;
    else hi = mid - 1;
  }
  return chars.slice(0, lo).join('').trimEnd() + ELLIPSIS;
}

/** Splits a word wider than a line into pieces that fit (at least one character each, so it always ends). */
function breakWord(measure: Measure, word: string, width: number): string[] {
  const out: string[] = [];
  let piece = '';
  for (const c of word) {
    if (piece && measure(piece + c) > width) {
      out.push(piece);
      piece = '';
    }
    piece += c;
  }
  if (piece) out.push(piece);
  return out;
}

/**
 * Word-wraps `text` into at most `maxLines` lines no wider than `width`. What does not fit is cut at the end of
 * the last line, which then ends in an ellipsis, so a label never shows a name running into its neighbour.
 */
export function fitLines(measure: Measure, text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.normalize('NFC').split(/\s+/).filter(Boolean)) {
    const joined = line ? `${line} ${word}` : word;
    if (measure(joined) <= width) {
      line = joined;
      continue;
    }
    if (line) lines.push(line);
    const pieces = breakWord(measure, word, width);
    lines.push(...pieces.slice(0, -1));
    line = pieces.at(-1) ?? '';
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, Math.max(1, maxLines));
  kept[kept.length - 1] = truncate(measure, `${kept.at(-1)} ${lines[kept.length]}`, width);
  return kept;
}

/** The largest size from `max` down to `min` (steps of 0.5 pt) at which `text` fits `width`; null when none does. */
export function fitSize(measureAt: (size: number) => Measure, text: string, width: number, max: number, min: number): number | null {
  for (let size = max; size >= min; size -= 0.5) if (measureAt(size)(text) <= width) return size;
  return null;
}
