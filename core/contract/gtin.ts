// Pure functions over digit strings, shared by the core (scans, catalog checks) and the renderer (settings examples).

/** GTIN family check digit (EAN-8, UPC-A, EAN-13, GTIN-14): mod 10, weights 3,1 from the rightmost data digit. */
export function gtinCheckDigit(data: string): number {
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    const digit = data.charCodeAt(data.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

export function isGtin(code: string): boolean {
  return /^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(code);
}

export function hasValidCheckDigit(code: string): boolean {
  return isGtin(code) && gtinCheckDigit(code.slice(0, -1)) === Number(code.at(-1));
}

/** Completes 7/11/12/13 data digits with their check digit. */
export const withCheckDigit = (data: string): string => data + String(gtinCheckDigit(data));
