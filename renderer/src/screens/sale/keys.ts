import { useEffect, useRef } from 'react';

/** The counter's keys, shown on screen in this order. */
export const COUNTER_KEYS = [
  ['F2', 'search'],
  ['F3', 'shift'],
  ['F4', 'qty'],
  ['F5', 'price'],
  ['F6', 'discount'],
  ['F7', 'park'],
  ['F8', 'customer'],
  ['F9', 'pay'],
  ['F10', 'drawer'],
  ['F11', 'webOrder'],
  ['Delete', 'remove'],
] as const;

export type CounterAction = (typeof COUNTER_KEYS)[number][1] | 'up' | 'down';

const BY_KEY = new Map<string, CounterAction>([
  ...COUNTER_KEYS.map(([k, a]) => [k, a] as [string, CounterAction]),
  ['ArrowUp', 'up'],
  ['ArrowDown', 'down'],
]);

/** Keys that edit text must stay with a field that has text; F-keys never do. */
function fieldHasText(): boolean {
  const el = document.activeElement;
  return (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) && el.value !== '' && el.dataset.testid !== 'scan-input';
}

function inOtherField(): boolean {
  const el = document.activeElement;
  return (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) && el.dataset.testid !== 'scan-input';
}

/**
 * Window-level counter keys. F-keys are taken from the browser (F5 must never reload the till) and act from any
 * field; Delete and the arrows act on the lines only from the scan field or outside fields. Nothing acts while a
 * dialog is open: the dialog has the keyboard.
 */
export function useCounterKeys(onAction: (a: CounterAction) => void): void {
  const latest = useRef(onAction);
  useEffect(() => {
    latest.current = onAction;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      const action = BY_KEY.get(e.key);
      if (!action) return;
      const fKey = /^F\d+$/.test(e.key);
      if (fKey) e.preventDefault();
      if (document.querySelector('[role="dialog"]')) return;
      if (!fKey && (action === 'remove' ? fieldHasText() || inOtherField() : inOtherField())) return;
      e.preventDefault();
      latest.current(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
