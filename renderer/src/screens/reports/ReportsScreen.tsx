import { Button, Group, NumberInput, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { PROFIT_BY, REPORT_NAMES, reportColumns, type ReportName, type ProfitBy } from '../../../../core/contract/report-columns';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import type { ApiInput, ReportTable as Table } from '../../api/types';
import type { ReportsSearch } from '../../router/search';
import { download } from '../../ui/download';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { JournalFilters } from './JournalFilters';
import { PeriodLockPanel } from './PeriodLockPanel';
import { ReportTable } from './ReportTable';

const localDay = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

const definedOf = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** The report's parameters from the URL: this month so far unless the link says otherwise. */
function paramsOf(s: ReportsSearch): { report: ReportName; params: Record<string, unknown>; by: ProfitBy } {
  const now = new Date();
  const to = s.to ?? localDay(now);
  const from = s.from ?? localDay(new Date(now.getFullYear(), now.getMonth(), 1));
  const report = s.report ?? 'report.sales';
  const by = s.by ?? 'product';
  const params: Record<string, unknown> =
    report === 'report.valuation'
      ? { date: to }
      : report === 'report.profit'
        ? { from, to, by }
        : report === 'report.turnover'
          ? { from, to, deadDays: s.deadDays ?? 30 }
          : report === 'report.settlements' && s.supplierId !== undefined
            ? { from, to, supplierId: s.supplierId }
            : report === 'report.movements'
              ? { from, to, ...definedOf({ locationId: s.locationId, docType: s.docType, productId: s.productId }) }
              : { from, to };
  return { report, params, by };
}

/** The bookkeeper's reports: pick one and a period (kept in the URL), read the table, export it as the same figures. */
export function ReportsScreen() {
  const { t } = useTranslation();
  const search = useSearch({ from: '/reports' });
  const navigate = useNavigate({ from: '/reports' });
  const set = (patch: Partial<ReportsSearch>) => void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true });
  const { report, params, by } = paramsOf(search);
  const columns = reportColumns(report, { by });
  const data = useApiQuery(report, params as ApiInput<ReportName>, { placeholderData: (prev) => prev });
  const table = data.data as Table | undefined;
  const exporter = useApiMutation('report.export');
  // The settlements' supplier filter: the directory's first page of active suppliers (a small shop has a few dozen).
  const suppliers = useApiQuery('supplier.list', { limit: 500 }, { enabled: report === 'report.settlements' });
  const supplierName = suppliers.data?.rows.find((s) => s.id === params.supplierId)?.name;
  const journal = report === 'report.movements';
  const locations = useApiQuery('locations.list', {}, { enabled: journal });
  const product = useApiQuery('catalog.get', { id: search.productId ?? 0 }, { enabled: journal && search.productId !== undefined });
  // Saving the file is a step of its own (the download link, the desktop's save dialog): it may fail apart from the export.
  const [saveError, setSaveError] = useState<unknown>(null);

  const exportAs = (format: 'xlsx' | 'csv') => {
    const headers = Object.fromEntries(columns.map((c) => [c.key, t(`reports.col.${c.key}` as 'reports.col.day')]));
    const texts = t('reports.text', { returnObjects: true }) as Record<string, string>;
    // The About sheet names the choices that shaped the figures, in the user's words.
    const filters = [
      ...(report === 'report.profit' ? [{ label: t('reports.by'), value: t(`reports.byOptions.${by}`) }] : []),
      ...(report === 'report.turnover' ? [{ label: t('reports.deadDays'), value: String(params.deadDays) }] : []),
      ...(report === 'report.settlements' ? [{ label: t('reports.supplier'), value: supplierName ?? t('reports.allSuppliers') }] : []),
      ...(journal ? journalFilters() : []),
    ];
    const title = t(`reports.names.${report}`);
    const input = { report, params, format, title, headers, texts, filters } as ApiInput<'report.export'>;
    setSaveError(null);
    exporter.mutate(input, { onSuccess: (file) => download(file).catch(setSaveError) });
  };

  /** The journal's filters as the About sheet names them, in words. */
  const journalFilters = () => [
    {
      label: t('reports.location'),
      value: locations.data?.find((l) => l.id === search.locationId)?.name ?? t('reports.allLocations'),
    },
    { label: t('reports.docType'), value: search.docType ? t(`reports.text.${search.docType}`) : t('reports.allDocTypes') },
    ...(search.productId !== undefined && product.data
      ? [{ label: t('reports.product'), value: `${product.data.name} (${product.data.sku})` }]
      : []),
  ];

  const dateInput = (key: 'from' | 'to', label: string) => (
    <TextInput
      type="date"
      label={label}
      data-testid={`report-${key}`}
      value={(key === 'to' ? (params.to ?? params.date) : params.from) as string}
      onChange={(e) => e.currentTarget.value && set({ [key]: e.currentTarget.value })}
    />
  );

  return (
    <Stack maw={1500} mx="auto">
      <Title order={2}>{t('reports.title')}</Title>
      <PeriodLockPanel />
      <Group align="flex-end" wrap="wrap">
        <Select
          label={t('reports.report')}
          data-testid="report-picker"
          allowDeselect={false}
          value={report}
          data={REPORT_NAMES.map((r) => ({ value: r, label: t(`reports.names.${r}`) }))}
          onChange={(v) => v && set({ report: v as ReportName })}
        />
        {report !== 'report.valuation' && dateInput('from', t('reports.from'))}
        {dateInput('to', report === 'report.valuation' ? t('reports.asOf') : t('reports.to'))}
        {report === 'report.profit' && (
          <Select
            label={t('reports.by')}
            allowDeselect={false}
            value={by}
            data={PROFIT_BY.map((b) => ({ value: b, label: t(`reports.byOptions.${b}`) }))}
            onChange={(v) => v && set({ by: v as ProfitBy })}
          />
        )}
        {report === 'report.turnover' && (
          <NumberInput
            label={t('reports.deadDays')}
            min={1}
            max={3650}
            value={(params.deadDays as number) ?? 30}
            onChange={(v) => typeof v === 'number' && v >= 1 && set({ deadDays: v })}
          />
        )}
        {report === 'report.settlements' && (
          <Select
            label={t('reports.supplier')}
            data-testid="report-supplier"
            allowDeselect={false}
            value={String(params.supplierId ?? '')}
            data={[
              { value: '', label: t('reports.allSuppliers') },
              ...(suppliers.data?.rows ?? []).map((s) => ({ value: String(s.id), label: s.name })),
            ]}
            onChange={(v) => set({ supplierId: v ? Number(v) : undefined })}
          />
        )}
        {journal && <JournalFilters search={search} set={set} />}
        <Button data-testid="report-export" loading={exporter.isPending} onClick={() => exportAs('xlsx')}>
          {t('reports.export')}
        </Button>
        <Button variant="default" loading={exporter.isPending} onClick={() => exportAs('csv')}>
          {t('reports.exportCsv')}
        </Button>
      </Group>
      <ErrorAlert error={data.error ?? exporter.error ?? saveError} testId="report-error" />
      {table?.count !== undefined && (
        <Text size="sm" c="dimmed" data-testid="report-count">
          {report !== 'report.movements'
            ? t('reports.rowsShown', { shown: table.rows.length, count: table.count })
            : table.count > table.rows.length
              ? t('reports.journalShown', { shown: table.rows.length, count: table.count })
              : t('reports.journalCount', { count: table.count })}
        </Text>
      )}
      {table && <ReportTable columns={columns} rows={table.rows} totals={table.totals} label={t(`reports.names.${report}`)} />}
    </Stack>
  );
}
