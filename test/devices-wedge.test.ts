import { describe, expect, it } from 'vitest';
import { createWedgeDetector, type WedgeResult } from '../renderer/src/scanner/wedge';

/** Feeds `text` one key every `gapMs` from `t0`, then `suffix` right after; returns the last result. */
function type(
  det: ReturnType<typeof createWedgeDetector>,
  text: string,
  gapMs: number,
  t0 = 1000,
  suffix: string | null = 'Enter',
): WedgeResult {
  let t = t0;
  let last: WedgeResult = { type: 'pending' };
  for (const key of text) {
    last = det.feed({ key, timeMs: t });
    t += gapMs;
  }
  return suffix ? det.feed({ key: suffix, timeMs: t - gapMs + Math.min(gapMs, 10) }) : last;
}

describe('keyboard wedge detector', () => {
  it('characters 10 ms apart + Enter are a scan', () => {
    const r = type(createWedgeDetector(), '4601234567893', 10);
    expect(r).toMatchObject({ type: 'scan', code: '4601234567893', avgMs: 10 });
  });

  it('the same characters 150 ms apart are typing', () => {
    const det = createWedgeDetector();
    const r = type(det, '4601234567893', 150);
    expect(r.type).toBe('typing');
  });

  it('~45 ms per key (fast typist) is typing, Tab also ends a scan', () => {
    expect(type(createWedgeDetector(), '4601234567893', 45).type).toBe('typing');
    expect(type(createWedgeDetector(), '4601234567893', 20, 0, 'Tab')).toMatchObject({ type: 'scan' });
  });

  it('too short is typing even when fast', () => {
    expect(type(createWedgeDetector(), '12345', 5).type).toBe('typing');
  });

  it('a stray key long before the burst does not spoil the scan (first-char gap)', () => {
    const det = createWedgeDetector();
    expect(det.feed({ key: 'x', timeMs: 0 })).toEqual({ type: 'pending' });
    const r = type(det, '4601234567893', 10, 2000);
    expect(r).toMatchObject({ type: 'scan', code: '4601234567893' });
  });

  it('Shift between characters is ignored; Backspace ends the burst as typing', () => {
    const det = createWedgeDetector();
    let t = 0;
    for (const ch of 'ABC-123') {
      det.feed({ key: 'Shift', timeMs: t });
      det.feed({ key: ch, timeMs: t + 1 });
      t += 8;
    }
    expect(det.feed({ key: 'Enter', timeMs: t })).toMatchObject({ type: 'scan', code: 'ABC-123' });
    type(det, 'abc', 10, 5000, null);
    expect(det.feed({ key: 'Backspace', timeMs: 5100 })).toEqual({ type: 'typing', text: 'abc' });
  });

  it('Enter pressed by a person long after the burst is not a suffix', () => {
    const det = createWedgeDetector();
    type(det, '4601234567893', 10, 0, null);
    expect(det.feed({ key: 'Enter', timeMs: 2000 })).toMatchObject({ type: 'typing', text: '4601234567893' });
  });

  it('suffix-less scanners: flush() after the quiet time', () => {
    const det = createWedgeDetector({ suffixKeys: [] });
    type(det, '4601234567893', 10, 0, null);
    expect(det.flush(150)).toEqual({ type: 'pending' }); // 30 ms after the last key: wait
    expect(det.flush(300)).toMatchObject({ type: 'scan', code: '4601234567893' });
  });

  it('GS replacement key and Russian layout mapping', () => {
    const gs = createWedgeDetector({ gsReplacementKey: '~' });
    expect(type(gs, '0104601234567893~91EE06', 5)).toMatchObject({ type: 'scan', code: '0104601234567893\x1d91EE06' });
    const ru = createWedgeDetector({ layout: 'ru' });
    expect(type(ru, 'Ы-000123', 5)).toMatchObject({ type: 'scan', code: 'S-000123' });
  });
});
