import { returns, type DomainSpec } from '../method';
import * as c from '../counter-schemas';
import type * as C from '../counter-types';
import * as s from '../schemas';

/** Cash shifts: open, cash in and out, X and Z reports. */
export const shiftsApi = {
  'shift.current': { input: s.empty, output: returns<C.Shift | null>(), access: 'sale.post' },
  'shift.open': { input: c.shiftOpenInput, output: returns<C.Shift>(), access: 'sale.post' },
  'shift.cash': { input: c.shiftCashInput, output: returns<C.Shift>(), access: 'cash.move' },
  'shift.x': { input: s.empty, output: returns<C.ShiftReport>(), access: 'sale.post' },
  'shift.close': { input: c.shiftCloseInput, output: returns<C.ShiftReport>(), access: 'sale.post' },
  'shift.list': { input: s.listInput, output: returns<C.Shift[]>(), access: 'report.view' },
  'shift.report': { input: s.docGetInput, output: returns<C.ShiftReport>(), access: 'report.view' },
} as const satisfies DomainSpec;
