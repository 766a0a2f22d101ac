// The GTIN rules live in the contract so the renderer checks codes with the same code; core callers keep this path.
export { gtinCheckDigit, hasValidCheckDigit, isGtin, withCheckDigit } from './contract/gtin';
