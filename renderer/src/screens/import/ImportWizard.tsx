// The import wizard, in two modes on the same steps: a supplier's price list into the catalog (#/pricelists/import)
// and new products into the catalog (#/catalog/import). File → columns → dry run (every bad row listed, nothing
// written) → apply (one transaction, with progress) → what changed. What differs per mode is what the wizard asks
// besides the columns (ImportOptions), the dry run's figures and first rows (DryRunPreview) and the core's methods.
import { Anchor, Button, Group, NativeSelect, Progress, Stack, Stepper, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import type { PriceField, PriceListProblem, PriceListSheets, UploadedFile } from '../../api/types';
import { PRICE_FIELDS } from '../../../../core/contract/pricelist-types';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { ColumnsStep, type Mapping } from './ColumnsStep';
import { NewProducts, PriceChanges, Summary } from './DryRunPreview';
import { FileStep } from './FileStep';
import { CatalogOptions, PriceListOptions, taxOf, useDefaultTax, type NewProductsIn, type PriceListChoices } from './ImportOptions';
import { ProblemsTable } from './ProblemsTable';

export type ImportMode = 'pricelist' | 'catalog';

const PRICE_SUMMARY = ['good', 'bad', 'matched', 'changed', 'unchanged', 'created', 'skipped', 'noMarkup'] as const;
const CATALOG_SUMMARY = ['rows', 'good', 'bad'] as const;
/** A catalog import keys its products by SKU (the "article" column) and has no stock column. */
const CATALOG_FIELDS: readonly PriceField[] = ['name', 'article', 'barcode', 'unit', 'price', 'cost', 'category'];

export function ImportWizard({ mode }: { mode: ImportMode }) {
  const { t } = useTranslation();
  const catalog = mode === 'catalog';
  const suppliers = useApiQuery('supplier.list', { limit: 500 }, { enabled: !catalog });
  const categories = useApiQuery('category.list', {}, { staleTime: 30_000 });
  const defaultTax = useDefaultTax();
  const priceSheets = useApiMutation('pricelist.sheets');
  const catalogSheets = useApiMutation('pricelist.catalogSheets');
  const priceRun = useApiMutation('pricelist.dryRun');
  const catalogRun = useApiMutation('pricelist.catalogDryRun');
  const priceApply = useApiMutation('pricelist.apply');
  const catalogApply = useApiMutation('pricelist.catalogApply');
  const sheets = catalog ? catalogSheets : priceSheets;
  const dryRun = catalog ? catalogRun : priceRun;
  const apply = catalog ? catalogApply : priceApply;
  const [step, setStep] = useState(0);
  const [supplierId, setSupplierId] = useState('');
  const [file, setFile] = useState<UploadedFile | null>(null);
  const [look, setLook] = useState<PriceListSheets | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const [headerRow, setHeaderRow] = useState(1);
  const [priceChoices, setPriceChoices] = useState<PriceListChoices>({ retail: 'file', unmatched: 'skip', categoryId: '', taxRateBp: '' });
  const [newIn, setNewIn] = useState<NewProductsIn>({ categoryId: '', taxRateBp: '' });
  const [progress, setProgress] = useState<number | null>(null);
  const token = (catalog ? catalogRun.data : priceRun.data)?.token;

  // A price list's apply stages its changes in chunks and reports each; a catalog import's is one transaction.
  useEffect(
    () =>
      api.on((e) => {
        if (e.type === 'pricelist.progress' && e.token === token) setProgress(e.total ? (100 * e.done) / e.total : 100);
      }),
    [token],
  );

  const onLook = {
    onSuccess: (s: PriceListSheets) => {
      setLook(s);
      setMapping(catalog ? only(s.mapping, CATALOG_FIELDS) : s.mapping);
      setHeaderRow(s.headerRow);
      setStep(1);
    },
  };
  const read = (fileToken: string, sheet?: string, row?: number) => {
    const args = { file: fileToken, sheet, headerRow: row || undefined };
    if (catalog) catalogSheets.mutate(args, onLook);
    else priceSheets.mutate({ ...args, supplierId: Number(supplierId) }, onLook);
  };
  const category = (v: string) => (v ? Number(v) : null);
  const check = () => {
    if (!look || !file) return;
    const args = { file: file.token, sheet: look.sheet, headerRow, mapping };
    const next = { onSuccess: () => setStep(2) };
    if (catalog) catalogRun.mutate({ ...args, categoryId: category(newIn.categoryId), taxRateBp: taxOf(newIn, defaultTax) }, next);
    else
      priceRun.mutate(
        {
          ...args,
          supplierId: Number(supplierId),
          retail: priceChoices.retail,
          unmatched:
            priceChoices.unmatched === 'skip'
              ? { action: 'skip' }
              : { action: 'create', categoryId: category(priceChoices.categoryId), taxRateBp: taxOf(priceChoices, defaultTax) },
        },
        next,
      );
  };
  const doApply = () => {
    if (!token) return;
    setProgress(catalog ? null : 0);
    if (catalog) catalogApply.mutate({ token, skipBad: true }, { onSuccess: () => setStep(3) });
    else priceApply.mutate({ token }, { onSuccess: () => setStep(3) });
  };
  const restart = () => {
    for (const m of [priceSheets, catalogSheets, priceRun, catalogRun, priceApply, catalogApply]) m.reset();
    setFile(null);
    setLook(null);
    setProgress(null);
    setStep(0);
  };

  const names = new Map((categories.data ?? []).map((c) => [c.id, c.name]));
  const checked = dryRunView();
  function dryRunView(): { bad: PriceListProblem[]; figures: { key: string; label: string; value: number }[]; count: number } | null {
    if (catalog) {
      const run = catalogRun.data;
      if (!run) return null;
      const figures = CATALOG_SUMMARY.map((k) => ({ key: k, label: t(`pricelists.catalog.summary.${k}`), value: run.summary[k] }));
      return { bad: run.bad, figures, count: run.summary.good };
    }
    const run = priceRun.data;
    if (!run) return null;
    const figures = PRICE_SUMMARY.map((k) => ({ key: k, label: t(`pricelists.summary.${k}`), value: run.summary[k] }));
    return { bad: run.bad, figures, count: run.summary.changed + run.summary.created };
  }
  const skipped = catalogRun.data?.summary.bad ?? 0;

  return (
    <Stack maw={1100} mx="auto" data-testid={catalog ? 'catalog-import' : 'pricelist-import'}>
      <Title order={2}>{t(catalog ? 'pricelists.catalog.title' : 'pricelists.title')}</Title>
      <Stepper active={step} size="sm">
        <Stepper.Step label={t('pricelists.steps.file')}>
          <Stack>
            {!catalog && (
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
            )}
            {catalog && <Text c="dimmed">{t('pricelists.catalog.intro')}</Text>}
            <FileStep
              disabled={!catalog && !supplierId}
              label={t(catalog ? 'pricelists.catalog.file' : 'pricelists.file')}
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
                fields={catalog ? CATALOG_FIELDS : PRICE_FIELDS}
                fieldLabel={(f) => t(catalog && f === 'article' ? 'pricelists.catalog.fields.article' : `pricelists.fields.${f}`)}
              />
              {catalog ? (
                <CatalogOptions value={newIn} onChange={setNewIn} />
              ) : (
                <PriceListOptions value={priceChoices} onChange={setPriceChoices} />
              )}
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
          {checked && (
            <Stack>
              <Summary figures={checked.figures} />
              <Title order={4}>{t('pricelists.badRows')}</Title>
              <ProblemsTable problems={checked.bad} />
              {catalog ? (
                <NewProducts products={catalogRun.data?.products ?? []} categoryName={(id) => (id === null ? '' : (names.get(id) ?? ''))} />
              ) : (
                <PriceChanges changes={priceRun.data?.changes ?? []} />
              )}
              {apply.isPending && progress === null && (
                <Progress value={100} striped animated aria-label={t('pricelists.applying')} data-testid="import-progress" />
              )}
              {progress !== null && <Progress value={progress} aria-label={t('pricelists.applying')} data-testid="import-progress" />}
              <ErrorAlert error={apply.error} testId="import-error" />
              <Group>
                <Button variant="default" onClick={() => setStep(1)} disabled={apply.isPending}>
                  {t('pricelists.back')}
                </Button>
                <Button onClick={doApply} loading={apply.isPending} disabled={checked.count === 0} data-testid="import-apply">
                  {catalog
                    ? t(skipped ? 'pricelists.catalog.applySkipping' : 'pricelists.catalog.apply', { count: checked.count, skipped })
                    : t('pricelists.apply', { count: checked.count })}
                </Button>
              </Group>
            </Stack>
          )}
        </Stepper.Step>
        <Stepper.Completed>
          <Stack>
            <Progress value={100} aria-label={t('pricelists.applying')} />
            {priceApply.data && (
              <Text role="status" c="teal" data-testid="import-applied" data-changed={priceApply.data.changed}>
                {t('pricelists.applied', { changed: priceApply.data.changed, created: priceApply.data.created })}
              </Text>
            )}
            {catalogApply.data && (
              <Text role="status" c="teal" data-testid="import-applied" data-created={catalogApply.data.created}>
                {t('pricelists.catalog.applied', { count: catalogApply.data.created, skipped })}
              </Text>
            )}
            <Group>
              {catalog && (
                <Anchor component={Link} to="/catalog" data-testid="import-to-catalog">
                  {t('pricelists.catalog.open')}
                </Anchor>
              )}
              <Button onClick={restart}>{t('pricelists.again')}</Button>
            </Group>
          </Stack>
        </Stepper.Completed>
      </Stepper>
    </Stack>
  );
}

/** The proposal keeps only the fields this mode reads. */
function only(mapping: Mapping, fields: readonly PriceField[]): Mapping {
  return Object.fromEntries(Object.entries(mapping).filter(([f]) => fields.includes(f as PriceField)));
}
