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
  return el instanceof HTMLTextAreaElement || (el instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(el.type));
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
export function listenForWedgeScans(target: Window, onScan: (code: string) => void, active: () => boolean, options?: Partial<WedgeOptions>): () => void {
  const detector = createWedgeDetector(options);
  let burst: Snapshot | null = null;

  const onKeyDown = (e: KeyboardEvent) => {
    if (!active() || e.isComposing || e.ctrlKey || e.altKey || e.metaKey) {
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
      return;
    }
    if (r.type === 'scan') {
      e.preventDefault();
      e.stopImmediatePropagation();
      if (burst) restore(burst);
      onScan(r.code);
    }
    burst = null;
  };

  target.addEventListener('keydown', onKeyDown, { capture: true });
  return () => target.removeEventListener('keydown', onKeyDown, { capture: true });
}
