// The GTIN rules live in the contract so the renderer checks codes with the same code; core callers keep this path.
import { hasValidCheckDigit } from './contract/gtin';

export { gtinCheckDigit, hasValidCheckDigit, isGtin, withCheckDigit } from './contract/gtin';

export type Symbology = 'ean13' | 'ean8' | 'upca' | 'code128';

/** How a code is printed: a GTIN with a valid check digit as its own symbology (what every till expects), else Code 128. */
export function symbologyOf(code: string): Symbology {
  if (hasValidCheckDigit(code)) {
    if (code.length === 13) return 'ean13';
    if (code.length === 8) return 'ean8';
    if (code.length === 12) return 'upca';
  }
  return 'code128';
}
