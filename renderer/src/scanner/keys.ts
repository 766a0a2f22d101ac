/**
 * The character a key stands for on a US layout, from KeyboardEvent.code (the physical key). A keyboard-wedge scanner
 * presses physical keys, so with the Russian layout active e.key says "Ы" where the scanner meant "S"; e.code does not.
 */
const US: Record<string, [string, string]> = {
  Minus: ['-', '_'],
  Equal: ['=', '+'],
  BracketLeft: ['[', '{'],
  BracketRight: [']', '}'],
  Backslash: ['\\', '|'],
  Semicolon: [';', ':'],
  Quote: ["'", '"'],
  Comma: [',', '<'],
  Period: ['.', '>'],
  Slash: ['/', '?'],
  Backquote: ['`', '~'],
  Space: [' ', ' '],
  NumpadDecimal: ['.', '.'],
  NumpadAdd: ['+', '+'],
  NumpadSubtract: ['-', '-'],
  NumpadMultiply: ['*', '*'],
  NumpadDivide: ['/', '/'],
};
const SHIFTED_DIGITS = ')!@#$%^&*(';

export interface KeyLike {
  code: string;
  key: string;
  shiftKey: boolean;
  getModifierState(key: string): boolean;
}

/**
 * One character for printable keys, else e.key ('Enter', 'Shift', 'Backspace', ...). A printable ASCII e.key is
 * taken as it is (a Latin layout already says what the scanner meant); anything else (Cyrillic and other layouts)
 * is read from the physical key.
 */
export function keyOf(e: KeyLike): string {
  if (e.key.length === 1 && e.key >= ' ' && e.key <= '~') return e.key;
  const c = e.code;
  let m = /^Digit(\d)$/.exec(c);
  if (m) return e.shiftKey ? SHIFTED_DIGITS[Number(m[1])]! : m[1]!;
  m = /^Numpad(\d)$/.exec(c);
  if (m) return m[1]!;
  m = /^Key([A-Z])$/.exec(c);
  if (m) return e.shiftKey !== e.getModifierState('CapsLock') ? m[1]! : m[1]!.toLowerCase();
  const p = US[c];
  if (p) return e.shiftKey ? p[1] : p[0];
  return e.key;
}
