// Suppliers' price lists from .xlsx and CSV files: the file side (no database). See read.ts for the flow.
export { listSheets, peekPriceList, readPriceList, type PriceListPeek } from './read';
export { parseMoney, parseQty, barcodeDigits } from './cells';
export { fieldOf, proposeMapping, columnLetter } from './headers';
export * from './types';
