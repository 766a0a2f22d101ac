/**
 * The bookkeeper's reports as tables: per report, its columns (what each holds, which add up, which are ratios of
 * totals). The screen draws its table from this model and the export writes its file from it, so the two show the
 * same columns and totals. Headers and translated values come from the caller's language (renderer i18n).
 */

/**
 * As core/exports' ColumnKind: money in minor units, qty in thousandths, percent in basis points, date a business
 * day (YYYY-MM-DD), datetime an ISO instant.
 */
export type ReportColumnKind = 'money' | 'qty' | 'int' | 'percent' | 'date' | 'datetime' | 'text';

export interface ReportColumn {
  key: string;
  kind: ReportColumnKind;
  /** Added up in the totals row (and as SUBTOTAL(9, …) in xlsx). */
  total?: 'sum';
  /** qty only: the row field holding each row's unit. */
  unitKey?: string;
  /** percent only: in the totals row, `of` ÷ `to` of the totals (a ratio is never summed). */
  ratio?: { of: string; to: string };
  /** text only: a code (a P&L line, a segment) shown in the user's words. */
  translate?: boolean;
}

export const REPORT_NAMES = [
  'report.sales',
  'report.profit',
  'report.pnl',
  'report.valuation',
  'report.abcxyz',
  'report.turnover',
  'report.rfm',
  'report.cashflow',
  'report.settlements',
  'report.movements',
] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

/** The document kinds that move stock: the movement journal's kind filter. */
export const MOVEMENT_DOC_TYPES = ['sale', 'return', 'receipt', 'writeoff', 'transfer', 'transfer_in', 'count', 'supplier_return'] as const;

/** The movement journal on screen shows this many rows at most; its export has them all. */
export const JOURNAL_SCREEN_ROWS = 500;

export const PROFIT_BY = ['product', 'category', 'employee', 'customer'] as const;
export type ProfitBy = (typeof PROFIT_BY)[number];

const money = (key: string): ReportColumn => ({ key, kind: 'money', total: 'sum' });
const marginPct: ReportColumn = { key: 'marginPct', kind: 'percent', ratio: { of: 'margin', to: 'netRevenue' } };
const qty = (key: string): ReportColumn => ({ key, kind: 'qty', unitKey: 'unit' });
const text = (key: string, translate = false): ReportColumn => ({ key, kind: 'text', ...(translate ? { translate } : {}) });

/** The columns of a report; the profit report's depend on what it is grouped by. */
export function reportColumns(report: ReportName, params: { by?: ProfitBy } = {}): ReportColumn[] {
  switch (report) {
    case 'report.sales':
      return [
        { key: 'day', kind: 'date' },
        { key: 'receipts', kind: 'int', total: 'sum' },
        money('grossSales'),
        money('discounts'),
        money('returns'),
        money('netRevenue'),
        money('tax'),
        money('cost'),
        money('margin'),
        marginPct,
        money('cash'),
        money('card'),
        money('online'),
      ];
    case 'report.profit':
      return [
        ...(params.by === 'product' ? [text('sku'), text('name'), qty('qty')] : [text('name')]),
        money('netRevenue'),
        money('discounts'),
        money('cost'),
        money('margin'),
        marginPct,
      ];
    case 'report.pnl':
      return [text('line', true), { key: 'amount', kind: 'money' }];
    case 'report.valuation':
      return [text('category'), { key: 'products', kind: 'int', total: 'sum' }, money('value'), money('retail')];
    case 'report.abcxyz':
      return [
        text('sku'),
        text('name'),
        qty('qty'),
        money('netRevenue'),
        { key: 'revenueShare', kind: 'percent' },
        { key: 'revenueCumulative', kind: 'percent' },
        text('abcRevenue'),
        money('margin'),
        { key: 'marginShare', kind: 'percent' },
        text('abcMargin'),
        { key: 'cv', kind: 'percent' },
        text('xyz'),
        text('abcXyz'),
      ];
    case 'report.turnover':
      return [
        text('sku'),
        text('name'),
        qty('onHand'),
        money('value'),
        qty('sold'),
        { key: 'daysOfStock', kind: 'int' },
        { key: 'lastSale', kind: 'date' },
        { key: 'idleDays', kind: 'int' },
        money('deadValue'),
      ];
    case 'report.rfm':
      return [
        text('name'),
        text('phone'),
        { key: 'lastPurchase', kind: 'date' },
        { key: 'recencyDays', kind: 'int' },
        { key: 'receipts', kind: 'int', total: 'sum' },
        money('netRevenue'),
        text('segment', true),
      ];
    case 'report.cashflow':
      return [
        { key: 'day', kind: 'date' },
        ...['salesCash', 'salesCard', 'returnsCash', 'returnsCard', 'cashIn', 'cashOut', 'supplierCash', 'supplierBank'].map(money),
        ...['expenseCash', 'expenseBank', 'expenseRent', 'expenseWages', 'expenseUtilities', 'expenseOther'].map(money),
        ...['netCash', 'netCard', 'netBank', 'net'].map(money),
      ];
    case 'report.settlements':
      return [text('name'), text('taxId'), ...['opening', 'received', 'returned', 'paid', 'closing'].map(money)];
    case 'report.movements':
      // Quantities of different units are never added up; the value at cost is (the period's net change).
      return [
        { key: 'businessDate', kind: 'date' },
        { key: 'postedAt', kind: 'datetime' },
        text('docType', true),
        text('docNumber'),
        { key: 'documentId', kind: 'int' },
        text('sku'),
        text('product'),
        text('location'),
        qty('qty'),
        { key: 'unitCost', kind: 'money' },
        money('value'),
        text('user'),
      ];
  }
}

/** The P&L's lines in order, and the RF segments: the codes a translated column holds. */
export const PNL_LINES = [
  'grossSales',
  'discounts',
  'returns',
  'netRevenue',
  'taxIncluded',
  'cost',
  'grossMargin',
  'writeoffs',
  'shortages',
  'surpluses',
  'expenseRent',
  'expenseWages',
  'expenseUtilities',
  'expenseOther',
  'expenses',
  'net',
] as const;
export const RF_SEGMENTS = ['champions', 'loyal', 'new', 'needAttention', 'aboutToSleep', 'atRisk', 'lost'] as const;

export type ReportCell = string | number | null;
export type ReportRow = Record<string, ReportCell>;

/**
 * The totals row: each summed column added up, each ratio worked out from those sums (rounded half away from
 * zero, in basis points), so the row matches what a spreadsheet's SUBTOTAL gives and margin ÷ revenue reconciles.
 */
export function reportTotals(columns: readonly ReportColumn[], rows: readonly ReportRow[]): ReportRow {
  const totals: ReportRow = {};
  for (const c of columns) if (c.total === 'sum') totals[c.key] = rows.reduce((s, r) => s + ((r[c.key] as number | null) ?? 0), 0);
  for (const c of columns) {
    if (!c.ratio) continue;
    const of = totals[c.ratio.of] as number | undefined;
    const to = totals[c.ratio.to] as number | undefined;
    totals[c.key] = of !== undefined && to !== undefined && to > 0 ? roundDiv(of * 10_000, to) : null;
  }
  return totals;
}

const roundDiv = (n: number, d: number): number => {
  const q = Math.trunc(n / d);
  const r = n - q * d;
  return 2 * Math.abs(r) >= d ? q + Math.sign(n) : q;
};
