import { Select } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MOVEMENT_DOC_TYPES } from '../../../../core/contract/report-columns';
import { useApiQuery } from '../../api/hooks';
import type { ReportsSearch } from '../../router/search';
import { useProductSearch } from '../../ui/search/SearchField';

type JournalSearch = Pick<ReportsSearch, 'locationId' | 'docType' | 'productId'>;

/** The movement journal's filters (location, document kind, product), kept in the URL like the period. */
export function JournalFilters({ search, set }: { search: JournalSearch; set: (patch: Partial<ReportsSearch>) => void }) {
  const { t } = useTranslation();
  const locations = useApiQuery('locations.list', {});
  const [q, setQ] = useState('');
  const found = useProductSearch(q, 20);
  // The chosen product's name, when the link named it by id (it may not be among the search's answers).
  const chosen = useApiQuery('catalog.get', { id: search.productId ?? 0 }, { enabled: search.productId !== undefined });
  const products = (found.data ?? []).map((p) => ({ value: String(p.id), label: `${p.name} (${p.sku})` }));
  if (chosen.data && !products.some((p) => p.value === String(chosen.data.id)))
    products.unshift({ value: String(chosen.data.id), label: `${chosen.data.name} (${chosen.data.sku})` });

  return (
    <>
      <Select
        label={t('reports.location')}
        data-testid="report-location"
        allowDeselect={false}
        value={String(search.locationId ?? '')}
        data={[
          { value: '', label: t('reports.allLocations') },
          ...(locations.data ?? []).map((l) => ({ value: String(l.id), label: l.name })),
        ]}
        onChange={(v) => set({ locationId: v ? Number(v) : undefined })}
      />
      <Select
        label={t('reports.docType')}
        data-testid="report-doctype"
        allowDeselect={false}
        value={search.docType ?? ''}
        data={[
          { value: '', label: t('reports.allDocTypes') },
          ...MOVEMENT_DOC_TYPES.map((d) => ({ value: d, label: t(`reports.text.${d}`) })),
        ]}
        onChange={(v) => set({ docType: (v || undefined) as JournalSearch['docType'] })}
      />
      <Select
        label={t('reports.product')}
        data-testid="report-product"
        placeholder={t('reports.anyProduct')}
        searchable
        clearable
        filter={({ options }) => options}
        searchValue={q}
        onSearchChange={setQ}
        value={search.productId !== undefined ? String(search.productId) : null}
        data={products}
        onChange={(v) => set({ productId: v ? Number(v) : undefined })}
      />
    </>
  );
}
