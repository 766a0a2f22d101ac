import { z } from 'zod';
import { returns, type DomainSpec } from '../method';
import { businessDate, id } from '../primitives';
import * as c from '../counter-schemas';
import type * as C from '../counter-types';
import { MOVEMENT_DOC_TYPES, PROFIT_BY } from '../report-columns';
import type * as R from '../report-types';

const periodFields = { from: businessDate, to: businessDate };
const inOrder = (p: unknown) => (p as { from: string; to: string }).from <= (p as { from: string; to: string }).to;
const ORDER = { message: 'the period ends before it starts', path: ['to'] };
const period = <T extends z.ZodRawShape>(extra: T) =>
  z
    .object({ ...periodFields, ...extra })
    .strict()
    .refine(inOrder, ORDER);

export const reportInputs = {
  'report.sales': period({}),
  'report.profit': period({ by: z.enum(PROFIT_BY) }),
  'report.pnl': period({}),
  /** Stock at the end of `date`, optionally at one location. */
  'report.valuation': z.object({ date: businessDate, locationId: id.optional() }).strict(),
  'report.abcxyz': period({}),
  /** deadDays: no sale for this many days up to the period's end makes stock dead. */
  'report.turnover': period({ deadDays: z.number().int().min(1).max(3650).default(30) }),
  'report.rfm': period({}),
  /** Money in and out by day and tender. */
  'report.cashflow': period({}),
  /** What the shop owes each supplier (or one): at the period's start, what came and went in it, at its end. */
  'report.settlements': period({ supplierId: id.optional() }),
  /** Every stock movement dated in the period (on screen the first rows and the count; the export has them all). */
  'report.movements': period({ locationId: id.optional(), docType: z.enum(MOVEMENT_DOC_TYPES).optional(), productId: id.optional() }),
} as const;

const exportOf = <N extends keyof typeof reportInputs>(report: N) => z.object({ report: z.literal(report), params: reportInputs[report] });

/** A report's export: which report and its parameters, and the words of the file in the user's language. */
export const reportExportInput = z
  .discriminatedUnion('report', [
    exportOf('report.sales'),
    exportOf('report.profit'),
    exportOf('report.pnl'),
    exportOf('report.valuation'),
    exportOf('report.abcxyz'),
    exportOf('report.turnover'),
    exportOf('report.rfm'),
    exportOf('report.cashflow'),
    exportOf('report.settlements'),
    exportOf('report.movements'),
  ])
  .and(
    z
      .object({
        format: z.enum(['xlsx', 'csv']).default('xlsx'),
        title: z.string().trim().min(1).max(200),
        /** Column headers by column key. */
        headers: z.record(z.string().max(100), z.string().max(200)),
        /** The words for a translated column's codes (P&L lines, segments). */
        texts: z.record(z.string().max(100), z.string().max(200)).default({}),
        filters: z
          .array(z.object({ label: z.string().max(100), value: z.string().max(200) }).strict())
          .max(20)
          .default([]),
      })
      .strict(),
  );

/** The owner's dashboard: the last `days` days up to `today` (the caller's shop day; default the shop's today). */
export const dashboardInput = z
  .object({ days: z.number().int().min(7).max(366).default(30), top: z.number().int().min(1).max(50).default(10) })
  .strict();

/** Reports: every one runs in the reader worker, off the till's thread, by business date. */
export const reportsApi = {
  'report.loss': { input: c.lossReportInput, output: returns<C.LossReport>(), access: 'report.view' },
  'report.sales': { input: reportInputs['report.sales'], output: returns<R.ReportTable>(), access: 'report.view' },
  'report.profit': { input: reportInputs['report.profit'], output: returns<R.ReportTable>(), access: 'report.view' },
  'report.pnl': { input: reportInputs['report.pnl'], output: returns<R.ReportTable>(), access: 'report.view' },
  'report.valuation': { input: reportInputs['report.valuation'], output: returns<R.ReportTable>(), access: 'report.view' },
  'report.abcxyz': { input: reportInputs['report.abcxyz'], output: returns<R.ReportTable>(), access: 'report.view' },
  'report.turnover': { input: reportInputs['report.turnover'], output: returns<R.ReportTable>(), access: 'report.view' },
  'report.rfm': { input: reportInputs['report.rfm'], output: returns<R.ReportTable>(), access: 'report.view' },
  'report.cashflow': { input: reportInputs['report.cashflow'], output: returns<R.ReportTable>(), access: 'report.view' },
  'report.settlements': { input: reportInputs['report.settlements'], output: returns<R.ReportTable>(), access: 'report.view' },
  'report.movements': { input: reportInputs['report.movements'], output: returns<R.ReportTable>(), access: 'report.view' },
  'report.dashboard': { input: dashboardInput, output: returns<R.Dashboard>(), access: 'report.view' },
  'report.export': { input: reportExportInput, output: returns<R.ReportFile>(), access: 'report.view' },
} as const satisfies DomainSpec;
