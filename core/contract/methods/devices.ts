import { returns, type DomainSpec } from '../method';
import * as c from '../counter-schemas';
import type * as C from '../counter-types';
import * as s from '../schemas';

/** Receipt printer, scanner and cash drawer. */
export const devicesApi = {
  'receipt.preview': { input: c.docIdInput, output: returns<C.ReceiptPreview>(), access: 'sale.post' },
  'receipt.reprint': { input: c.docIdInput, output: returns<{ queued: true }>(), access: 'sale.post' },
  'printer.status': { input: s.empty, output: returns<C.PrinterStatus>(), access: 'authenticated' },
  'scanner.status': { input: s.empty, output: returns<C.ScannerStatus>(), access: 'authenticated' },
  'drawer.open': { input: c.drawerOpenInput, output: returns<null>(), access: 'sale.post' },
} as const satisfies DomainSpec;
