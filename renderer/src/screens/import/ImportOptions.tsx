// What the wizard asks besides the columns, per mode: a price list's retail rule and what becomes of rows with no
// product; a catalog import's category for rows without one. New products get a tax rate either way.
import { NativeSelect, Radio, SimpleGrid, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks';
import { categoryOptions } from '../catalog/categoryTree';

export interface NewProductsIn {
  /** '' for no category. */
  categoryId: string;
  /** The tax rate in basis points, as a select value; '' until chosen: the shop's first rate (as a new product's form). */
  taxRateBp: string;
}

/** The tax rate new products get unless another is chosen: the shop's first, as the product form starts with. */
export function useDefaultTax(): string {
  const settings = useApiQuery('settings.get', {}, { staleTime: 60_000 });
  return firstRate(settings.data?.taxRates);
}

const firstRate = (rates: readonly { rateBp: number }[] | undefined) => String(rates?.[0]?.rateBp ?? 0);

export const taxOf = (v: NewProductsIn, fallback: string) => Number(v.taxRateBp || fallback);

export interface PriceListChoices extends NewProductsIn {
  retail: 'file' | 'markup';
  unmatched: 'skip' | 'create';
}

/** Category and tax rate for the products an import creates; the shop's tax rates come from its settings. */
function NewProductsFields({
  value,
  onChange,
  categoryLabel,
}: {
  value: NewProductsIn;
  onChange: (v: NewProductsIn) => void;
  categoryLabel: string;
}) {
  const { t } = useTranslation();
  const categories = useApiQuery('category.list', {}, { staleTime: 30_000 });
  const settings = useApiQuery('settings.get', {}, { staleTime: 60_000 });
  const tax = value.taxRateBp || firstRate(settings.data?.taxRates);
  const rates = [...new Map((settings.data?.taxRates ?? []).map((r) => [r.rateBp, r.name] as const)).entries()];
  if (!rates.some(([bp]) => String(bp) === tax)) rates.push([Number(tax), '']);
  return (
    <>
      <NativeSelect
        label={categoryLabel}
        data={[{ value: '', label: t('pricelists.noCategory') }, ...categoryOptions(categories.data ?? [])]}
        value={value.categoryId}
        onChange={(e) => onChange({ ...value, categoryId: e.currentTarget.value })}
        data-testid="import-category"
      />
      <NativeSelect
        label={t('pricelists.taxRate')}
        data={rates.map(([bp, name]) => ({ value: String(bp), label: name || `${bp / 100} %` }))}
        value={tax}
        onChange={(e) => onChange({ ...value, taxRateBp: e.currentTarget.value })}
        data-testid="import-tax"
      />
    </>
  );
}

export function PriceListOptions({ value, onChange }: { value: PriceListChoices; onChange: (v: PriceListChoices) => void }) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <Radio.Group
        label={t('pricelists.retail')}
        value={value.retail}
        onChange={(v) => onChange({ ...value, retail: v as 'file' | 'markup' })}
      >
        <Stack gap={4} mt={4}>
          <Radio value="file" label={t('pricelists.retailFile')} />
          <Radio value="markup" label={t('pricelists.retailMarkup')} />
        </Stack>
      </Radio.Group>
      <Stack gap={4}>
        <Radio.Group
          label={t('pricelists.unmatched')}
          value={value.unmatched}
          onChange={(v) => onChange({ ...value, unmatched: v as 'skip' | 'create' })}
        >
          <Stack gap={4} mt={4}>
            <Radio value="skip" label={t('pricelists.unmatchedSkip')} />
            <Radio value="create" label={t('pricelists.unmatchedCreate')} data-testid="import-unmatched-create" />
          </Stack>
        </Radio.Group>
        {value.unmatched === 'create' && (
          <NewProductsFields value={value} onChange={(v) => onChange({ ...value, ...v })} categoryLabel={t('pricelists.category')} />
        )}
      </Stack>
    </SimpleGrid>
  );
}

export function CatalogOptions({ value, onChange }: { value: NewProductsIn; onChange: (v: NewProductsIn) => void }) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <NewProductsFields value={value} onChange={onChange} categoryLabel={t('pricelists.catalog.category')} />
    </SimpleGrid>
  );
}
