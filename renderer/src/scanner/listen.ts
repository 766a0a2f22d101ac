import { keyOf } from './keys';
import { createWedgeDetector, type WedgeOptions } from './wedge';

type Field = HTMLInputElement | HTMLTextAreaElement;
const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'Unidentified']);

/** The focused text field and its contents before a burst began, so a scan's characters can be taken back out. */
interface Snapshot {
  field: Field | null;
  value: string;
  start: number | null;
  end: number | null;
}

function isField(el: Element | null): el is Field {
  return (
    el instanceof HTMLTextAreaElement || (el instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(el.type))
  );
}

function snapshot(): Snapshot {
  const el = document.activeElement;
  if (!isField(el)) return { field: null, value: '', start: null, end: null };
  let start: number | null = null;
  let end: number | null = null;
  try {
    start = el.selectionStart;
    end = el.selectionEnd;
  } catch {
    // Number and email inputs have no selection API; the value alone is restored.
    start = end = null;
  }
  return { field: el, value: el.value, start, end };
}

/** Puts the value back the way React notices: the prototype's setter (bypassing React's tracker) plus an input event. */
function restore(s: Snapshot): void {
  const el = s.field;
  if (!el || !el.isConnected || el.value === s.value) return;
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, s.value);
  el.dispatchEvent(new Event('input', { bubbles: true }));
  if (s.start !== null && s.end !== null) {
    try {
      el.setSelectionRange(s.start, s.end);
    } catch {
      // Not every input type has a caret; the value is what matters.
      el.blur();
      el.focus();
    }
  }
}

/**
 * Catches keyboard-wedge scans wherever the focus is: a capture-phase keydown listener on the window feeds the timing
 * detector. Typing goes through untouched; when a burst turns out to be a scan, its suffix key is swallowed and the
 * characters it left in the focused field are taken back out, so the field reads as before the scan.
 */
/**
 * How long characters typed into the scan field are held back before they show. A wedge types a whole code in well
 * under this per key, so a scan never appears in the field (no repaint per character, no clean-up afterwards) and the
 * screen is idle when the scanned line arrives, which then paints in the very next frame; a person typing a code by
 * hand sees each key this much later.
 */
export const SCAN_FIELD_HOLD_MS = 40;

/** The sale screen's scan field opts in with this attribute. */
const isScanField = (el: Element | null): el is HTMLInputElement => el instanceof HTMLInputElement && el.dataset.scanField !== undefined;

/** Types held-back characters into the field as if the keys had gone through: at the caret, with an input event. */
function typeInto(el: HTMLInputElement, text: string): void {
  if (!el.isConnected || !text) return;
  const start = el.selectionStart ?? el.value.length;
  const end = el.selectionEnd ?? start;
  el.setRangeText(text, start, end, 'end');
  el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }));
}

export function listenForWedgeScans(
  target: Window,
  onScan: (code: string) => void | Promise<unknown>,
  active: () => boolean,
  options?: Partial<WedgeOptions>,
): () => void {
  const detector = createWedgeDetector(options);
  let burst: Snapshot | null = null;
  /** A field waiting to be put back until its scan has been handled (see below). */
  let pending: (() => void) | null = null;
  const settle = () => {
    const run = pending;
    pending = null;
    run?.();
  };
  /** Characters held back from the scan field, and the timer that lets them through. */
  let held: { field: HTMLInputElement; text: string; timer: ReturnType<typeof setTimeout> } | null = null;
  const release = () => {
    if (!held) return;
    clearTimeout(held.timer);
    const { field, text } = held;
    held = null;
    typeInto(field, text);
  };
  const drop = () => {
    if (held) clearTimeout(held.timer);
    held = null;
  };

  const onKeyDown = (e: KeyboardEvent) => {
    // Any key first puts back a field still waiting for its scan: the new key lands in the field as it was.
    settle();
    if (!active() || e.isComposing || e.ctrlKey || e.altKey || e.metaKey) {
      release();
      detector.reset();
      burst = null;
      return;
    }
    const key = keyOf(e);
    if (MODIFIERS.has(key)) return;
    const isChar = [...key].length === 1;
    // The key has not reached the field yet: a snapshot now is the field before this character.
    const before = isChar ? snapshot() : null;
    const r = detector.feed({ key, timeMs: e.timeStamp });
    if (isChar) {
      // 'typing' on a character means the gap was long: this character starts a new burst.
      if (r.type === 'typing' || burst === null) burst = before;
      const field = document.activeElement;
      if (isScanField(field) && !e.repeat) {
        e.preventDefault();
        if (held && held.field !== field) release();
        if (held) clearTimeout(held.timer);
        held = { field, text: (held?.text ?? '') + e.key, timer: setTimeout(release, SCAN_FIELD_HOLD_MS) };
      } else release();
      return;
    }
    if (r.type === 'scan') {
      // Held characters were the scan: they never reach the field.
      drop();
      e.preventDefault();
      e.stopImmediatePropagation();
      const handled = onScan(r.code);
      const field = burst;
      if (field && handled) {
        // The field is put back when the scan's answer is shown, in the same frame: clearing it at once would paint a
        // frame while the request is out, and on a small till PC that frame competes with the request for the CPU.
        const run = () => {
          if (pending === run) pending = null;
          restore(field);
        };
        pending = run;
        void handled.finally(() => pending === run && run());
      } else if (field) restore(field);
    } else release(); // Enter after typing, Backspace, arrows: they act on the text as typed.
    burst = null;
  };

  target.addEventListener('keydown', onKeyDown, { capture: true });
  return () => {
    settle();
    release();
    target.removeEventListener('keydown', onKeyDown, { capture: true });
  };
}
