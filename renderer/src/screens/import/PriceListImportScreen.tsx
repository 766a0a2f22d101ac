// #/pricelists/import: a supplier's price list into the catalog. File → columns → dry run (every bad row listed,
// nothing written) → apply (all or nothing, with progress from the core's events). The steps are their own
// components so a catalog import can reuse them.
import { Button, Group, NativeSelect, Progress, Radio, SimpleGrid, Stack, Stepper, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import type { PriceListDryRun, PriceListSheets, UploadedFile } from '../../api/types';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { ColumnsStep, type Mapping } from './ColumnsStep';
import { FileStep } from './FileStep';
import { ProblemsTable } from './ProblemsTable';

const SUMMARY = ['good', 'bad', 'matched', 'changed', 'unchanged', 'created', 'skipped', 'noMarkup'] as const;

export function PriceListImportScreen() {
  const { t } = useTranslation();
  const f = useFormat();
  const suppliers = useApiQuery('supplier.list', { limit: 500 });
  const categories = useApiQuery('category.list', {});
  const sheets = useApiMutation('pricelist.sheets');
  const dryRun = useApiMutation('pricelist.dryRun');
  const apply = useApiMutation('pricelist.apply');
  const [step, setStep] = useState(0);
  const [supplierId, setSupplierId] = useState('');
  const [file, setFile] = useState<UploadedFile | null>(null);
  const [look, setLook] = useState<PriceListSheets | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const [headerRow, setHeaderRow] = useState(1);
  const [retail, setRetail] = useState<'file' | 'markup'>('file');
  const [unmatched, setUnmatched] = useState<'skip' | 'create'>('skip');
  const [categoryId, setCategoryId] = useState('');
  const [progress, setProgress] = useState<number | null>(null);
  const run: PriceListDryRun | undefined = dryRun.data;

  useEffect(
    () =>
      api.on((e) => {
        if (e.type === 'pricelist.progress' && e.token === run?.token) setProgress(e.total ? (100 * e.done) / e.total : 100);
      }),
    [run?.token],
  );

  const read = (token: string, sheet?: string, row?: number) =>
    sheets.mutate(
      { supplierId: Number(supplierId), file: token, sheet, headerRow: row || undefined },
      {
        onSuccess: (s) => {
          setLook(s);
          setMapping(s.mapping);
          setHeaderRow(s.headerRow);
          setStep(1);
        },
      },
    );
  const check = () =>
    look &&
    file &&
    dryRun.mutate(
      {
        supplierId: Number(supplierId),
        file: file.token,
        sheet: look.sheet,
        headerRow,
        mapping,
        retail,
        unmatched: unmatched === 'skip' ? { action: 'skip' } : { action: 'create', categoryId: categoryId ? Number(categoryId) : null },
      },
      { onSuccess: () => setStep(2) },
    );
  const doApply = () => {
    if (!run) return;
    setProgress(0);
    apply.mutate({ token: run.token }, { onSuccess: () => setStep(3) });
  };
  const restart = () => {
    for (const m of [sheets, dryRun, apply]) m.reset();
    setFile(null);
    setLook(null);
    setProgress(null);
    setStep(0);
  };

  return (
    <Stack maw={1100} mx="auto" data-testid="pricelist-import">
      <Title order={2}>{t('pricelists.title')}</Title>
      <Stepper active={step} size="sm">
        <Stepper.Step label={t('pricelists.steps.file')}>
          <Stack>
            <NativeSelect
              label={t('pricelists.supplier')}
              data={[
                { value: '', label: t('pricelists.chooseSupplier') },
                ...(suppliers.data?.rows ?? []).map((s) => ({ value: String(s.id), label: s.name })),
              ]}
              value={supplierId}
              onChange={(e) => setSupplierId(e.currentTarget.value)}
              data-testid="import-supplier"
              w={360}
            />
            <FileStep
              disabled={!supplierId}
              onSent={(u) => {
                setFile(u);
                read(u.token);
              }}
            />
            <ErrorAlert error={sheets.error ?? suppliers.error} testId="import-error" />
          </Stack>
        </Stepper.Step>
        <Stepper.Step label={t('pricelists.steps.columns')}>
          {look && file && (
            <Stack>
              <ColumnsStep
                look={look}
                mapping={mapping}
                onMapping={setMapping}
                headerRow={headerRow}
                onHeaderRow={setHeaderRow}
                onReread={(sheet, row) => read(file.token, sheet, row)}
                busy={sheets.isPending}
              />
              <SimpleGrid cols={{ base: 1, md: 2 }}>
                <Radio.Group label={t('pricelists.retail')} value={retail} onChange={(v) => setRetail(v as 'file' | 'markup')}>
                  <Stack gap={4} mt={4}>
                    <Radio value="file" label={t('pricelists.retailFile')} />
                    <Radio value="markup" label={t('pricelists.retailMarkup')} />
                  </Stack>
                </Radio.Group>
                <Stack gap={4}>
                  <Radio.Group label={t('pricelists.unmatched')} value={unmatched} onChange={(v) => setUnmatched(v as 'skip' | 'create')}>
                    <Stack gap={4} mt={4}>
                      <Radio value="skip" label={t('pricelists.unmatchedSkip')} />
                      <Radio value="create" label={t('pricelists.unmatchedCreate')} />
                    </Stack>
                  </Radio.Group>
                  {unmatched === 'create' && (
                    <NativeSelect
                      label={t('pricelists.category')}
                      data={[
                        { value: '', label: t('pricelists.noCategory') },
                        ...(categories.data ?? []).map((c) => ({ value: String(c.id), label: c.name })),
                      ]}
                      value={categoryId}
                      onChange={(e) => setCategoryId(e.currentTarget.value)}
                    />
                  )}
                </Stack>
              </SimpleGrid>
              <ErrorAlert error={dryRun.error ?? sheets.error} testId="import-error" />
              <Group>
                <Button variant="default" onClick={restart}>
                  {t('pricelists.back')}
                </Button>
                <Button onClick={check} loading={dryRun.isPending} data-testid="import-dry-run">
                  {t('pricelists.dryRun')}
                </Button>
              </Group>
            </Stack>
          )}
        </Stepper.Step>
        <Stepper.Step label={t('pricelists.steps.check')}>
          {run && (
            <Stack>
              <SimpleGrid cols={{ base: 2, md: 4 }} data-testid="import-summary">
                {SUMMARY.map((k) => (
                  <Stack key={k} gap={0}>
                    <Text size="sm" c="dimmed">
                      {t(`pricelists.summary.${k}`)}
                    </Text>
                    <Text fw={600} data-testid={`import-summary-${k}`} data-value={run.summary[k]}>
                      {f.count(run.summary[k])}
                    </Text>
                  </Stack>
                ))}
              </SimpleGrid>
              <Title order={4}>{t('pricelists.badRows')}</Title>
              <ProblemsTable problems={run.bad} />
              {run.changes.length > 0 && (
                <>
                  <Title order={4}>{t('pricelists.changes', { count: run.changes.length })}</Title>
                  <Table verticalSpacing={2} data-testid="import-changes">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('pricelists.row')}</Table.Th>
                        <Table.Th ta="right">{t('pricelists.priceFromTo')}</Table.Th>
                        <Table.Th ta="right">{t('pricelists.costFromTo')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {run.changes.slice(0, 20).map((c) => (
                        <Table.Tr key={c.row}>
                          <Table.Td>{c.row}</Table.Td>
                          <Table.Td ta="right">{`${f.money(c.from.price)} → ${f.money(c.to.price)}`}</Table.Td>
                          <Table.Td ta="right">{`${f.money(c.from.cost)} → ${f.money(c.to.cost)}`}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </>
              )}
              {progress !== null && <Progress value={progress} aria-label={t('pricelists.applying')} data-testid="import-progress" />}
              <ErrorAlert error={apply.error} testId="import-error" />
              <Group>
                <Button variant="default" onClick={() => setStep(1)} disabled={apply.isPending}>
                  {t('pricelists.back')}
                </Button>
                <Button
                  onClick={doApply}
                  loading={apply.isPending}
                  disabled={run.summary.changed + run.summary.created === 0}
                  data-testid="import-apply"
                >
                  {t('pricelists.apply', { count: run.summary.changed + run.summary.created })}
                </Button>
              </Group>
            </Stack>
          )}
        </Stepper.Step>
        <Stepper.Completed>
          {apply.data && (
            <Stack>
              <Progress value={100} aria-label={t('pricelists.applying')} />
              <Text role="status" c="teal" data-testid="import-applied" data-changed={apply.data.changed}>
                {t('pricelists.applied', { changed: apply.data.changed, created: apply.data.created })}
              </Text>
              <Group>
                <Button onClick={restart}>{t('pricelists.again')}</Button>
              </Group>
            </Stack>
          )}
        </Stepper.Completed>
      </Stepper>
    </Stack>
  );
}
