import { Paper, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ReportColumn, ReportRow } from '../../../../core/contract/report-columns';
import type { Unit } from '../../api/types';
import { useFormat } from '../../ui/format';

/** One cell as the report's column model says: money, quantity with its unit, percent of basis points, a date… */
function useCell() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const num = new Intl.NumberFormat(i18n.language);
  const pct = new Intl.NumberFormat(i18n.language, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return (c: ReportColumn, row: ReportRow): string => {
    const v = row[c.key];
    if (v === null || v === undefined) return c.key === 'category' ? t('reports.noCategory') : c.kind === 'text' ? t('reports.noName') : '';
    switch (c.kind) {
      case 'money':
        return f.money(v as number);
      case 'qty':
        return f.qty(v as number, ((c.unitKey && row[c.unitKey]) || 'pcs') as Unit);
      case 'percent':
        return pct.format((v as number) / 10_000);
      case 'int':
        return num.format(v as number);
      case 'date':
        return new Date(`${String(v)}T00:00:00`).toLocaleDateString(i18n.language);
      case 'datetime':
        return f.date(String(v));
      case 'text':
        return c.translate ? t(`reports.text.${String(v)}` as 'reports.text.net') : String(v);
    }
  };
}

/** A report's rows and its totals row (sums and ratios of sums, as the export's SUBTOTAL row). */
export function ReportTable({
  columns,
  rows,
  totals,
  label,
}: {
  columns: ReportColumn[];
  rows: ReportRow[];
  totals: ReportRow;
  /** The report's name: the scrolling region's, for screen readers. */
  label: string;
}) {
  const { t } = useTranslation();
  const cell = useCell();
  const right = (c: ReportColumn) => (c.kind === 'text' ? undefined : 'right');
  const hasTotals = columns.some((c) => c.total || c.ratio);
  return (
    // A wide report (the journal, the cash flow) scrolls sideways: focusable, so the keyboard scrolls it too.
    <Paper withBorder style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={label}>
      <Table striped stickyHeader data-testid="report-table">
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={c.key} ta={right(c)}>
                {t(`reports.col.${c.key}` as 'reports.col.day')}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row, i) => (
            <Table.Tr key={i} data-testid="report-row">
              {columns.map((c) => (
                <Table.Td key={c.key} ta={right(c)} data-col={c.key}>
                  {cell(c, row)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
        {hasTotals && rows.length > 0 && (
          <Table.Tfoot>
            <Table.Tr data-testid="report-totals" fw={700}>
              {columns.map((c, i) => (
                <Table.Td key={c.key} ta={right(c)} data-col={c.key}>
                  {c.total || c.ratio ? cell(c, totals) : i === 0 ? t('reports.total') : ''}
                </Table.Td>
              ))}
            </Table.Tr>
          </Table.Tfoot>
        )}
      </Table>
      {rows.length === 0 && (
        <Text c="dimmed" p="md">
          {t('reports.empty')}
        </Text>
      )}
    </Paper>
  );
}
