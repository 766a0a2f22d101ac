import { Checkbox, NativeSelect } from '@mantine/core';
import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiOutput } from '../../api/types';
import type { CatalogSearch } from '../../router/search';
import { inlineTouch } from '../admin/touch';
import { categoryOptions } from './categoryTree';

interface CatalogFiltersProps extends Pick<CatalogSearch, 'category' | 'supplier' | 'archived' | 'belowMin' | 'noBarcode'> {
  categories: ApiOutput<'category.list'> | undefined;
  supplierOptions: { value: string; label: string }[];
  onChange(patch: Partial<CatalogSearch>): void;
}

/**
 * The catalog's filters (category, supplier, status, below minimum, no barcode). Its own memoised part: a key typed
 * into the search re-renders the list, not these selects with their hundred category options.
 */
export const CatalogFilters = memo(function CatalogFilters({
  category,
  supplier,
  archived,
  belowMin,
  noBarcode,
  categories,
  supplierOptions,
  onChange,
}: CatalogFiltersProps) {
  const { t } = useTranslation();
  const categoryChoices = useMemo(() => categoryOptions(categories ?? []), [categories]);
  return (
    <>
      <NativeSelect
        size="lg"
        w={210}
        aria-label={t('catalog.category')}
        data-testid="catalog-category"
        value={category ? String(category) : ''}
        onChange={(e) => onChange({ category: e.currentTarget.value ? Number(e.currentTarget.value) : undefined })}
        data={[{ value: '', label: t('catalog.allCategories') }, ...categoryChoices]}
      />
      <NativeSelect
        size="lg"
        w={230}
        aria-label={t('catalog.supplier')}
        data-testid="catalog-supplier"
        value={supplier ? String(supplier) : ''}
        onChange={(e) => onChange({ supplier: e.currentTarget.value ? Number(e.currentTarget.value) : undefined })}
        data={[{ value: '', label: t('catalog.allSuppliers') }, ...supplierOptions]}
      />
      <NativeSelect
        size="lg"
        w={170}
        aria-label={t('catalog.status')}
        data-testid="catalog-archived"
        value={archived ?? ''}
        onChange={(e) => onChange({ archived: (e.currentTarget.value || undefined) as CatalogSearch['archived'] })}
        data={[
          { value: '', label: t('catalog.statusActive') },
          { value: 'archived', label: t('catalog.statusArchived') },
          { value: 'all', label: t('catalog.statusAll') },
        ]}
      />
      <Checkbox
        label={t('catalog.belowMin')}
        data-testid="catalog-below-min"
        checked={!!belowMin}
        onChange={(e) => onChange({ belowMin: e.currentTarget.checked || undefined })}
        styles={inlineTouch}
      />
      <Checkbox
        label={t('catalog.noBarcode')}
        data-testid="catalog-no-barcode"
        checked={!!noBarcode}
        onChange={(e) => onChange({ noBarcode: e.currentTarget.checked || undefined })}
        styles={inlineTouch}
      />
    </>
  );
});
