import { Box, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks';
import type { CatalogSearch } from '../../router/search';
import { useSession } from '../../session/session';
import { SearchField, useUrlSearchText } from '../../ui/search/SearchField';
import { BulkPriceDialog } from './BulkPriceDialog';
import { LabelsDialog } from './LabelsDialog';
import { CatalogFilters } from './CatalogFilters';
import { useSupplierChoices } from './useSupplierChoices';
import { useCatalogTable, type CatalogRow } from './useCatalogTable';

const FIRST_ROW = '[data-testid="catalog-table"] [role="rowgroup"] + [role="rowgroup"] [role="row"]';

/** The owner's catalog: every product, filtered and sorted by the server; the filters live in the URL. */
export function CatalogScreen() {
  const { t } = useTranslation();
  const { can } = useSession();
  const search = useSearch({ from: '/catalog' });
  const navigate = useNavigate({ from: '/catalog' });
  const setSearch = useCallback(
    (patch: Partial<CatalogSearch>) => void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true }),
    [navigate],
  );
  const categories = useApiQuery('category.list', {}, { staleTime: 30_000 });
  const suppliers = useSupplierChoices();
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [bulk, setBulk] = useState(false);
  const [labels, setLabels] = useState(false);
  const canPrice = can('price.edit');
  // Rows are picked for a bulk price change or for labels by those who keep the catalog; a cashier prints a
  // product's labels from its page.
  const canSelect = canPrice || can('catalog.edit');

  const typed = useUrlSearchText(search.q ?? '', (q) => setSearch({ q: q || undefined }));
  const sort = { by: search.sort ?? 'name', dir: search.dir ?? 'asc' } as const;
  const filtersFor = (q: string) => ({
    ...(q ? { q } : {}),
    ...(search.category ? { categoryId: search.category } : {}),
    ...(search.supplier ? { supplierId: search.supplier } : {}),
    archived: search.archived ?? ('active' as const),
    ...(search.belowMin ? { belowMin: true } : {}),
    ...(search.noBarcode ? { noBarcode: true } : {}),
  });
  const filters = filtersFor(typed.text);
  const onToggle = useCallback(
    (row: CatalogRow, on: boolean) =>
      setSelected((prev) => {
        const next = new Set(prev);
        if (on) next.add(row.id);
        else next.delete(row.id);
        return next;
      }),
    [],
  );
  const list = useCatalogTable({
    query: { sort, filters },
    onSort: (s) => setSearch({ sort: s.by, dir: s.dir }),
    onOpen: (row) => void navigate({ to: '/catalog/$id', params: { id: row.id } }),
    ...(canSelect ? { selected, onToggle } : {}),
  });
  const filtered = !!(typed.text || search.category || search.supplier || search.archived || search.belowMin || search.noBarcode);

  return (
    <Stack h="calc(100dvh - var(--app-shell-header-offset, 64px) - 2 * var(--mantine-spacing-md))" gap="sm">
      <Group justify="space-between" wrap="nowrap">
        <Group gap="md" wrap="nowrap" miw={0}>
          <Title order={2}>{t('catalog.title')}</Title>
          <Text c="dimmed" data-testid="catalog-count" data-count={list.count ?? undefined}>
            {list.count !== null ? t('table.count', { count: list.count }) : ''}
          </Text>
        </Group>
        <Group gap="xs" wrap="nowrap" flex="none">
          {canSelect && selected.size > 0 && (
            <>
              <Text size="sm" data-testid="catalog-selected" data-count={selected.size}>
                {t('catalog.selected', { count: selected.size })}
              </Text>
              <Button variant="subtle" onClick={() => setSelected(new Set())}>
                {t('catalog.clearSelection')}
              </Button>
              <Button variant="default" onClick={() => setLabels(true)} data-testid="catalog-labels">
                {t('labels.print')}
              </Button>
            </>
          )}
          {canSelect && selected.size === 0 && (list.count ?? 0) > 0 && (
            <Button
              variant="subtle"
              onClick={() => setSelected(new Set(list.shownRows().map((r) => r.id)))}
              data-testid="catalog-select-shown"
            >
              {t('catalog.selectShown')}
            </Button>
          )}
          {canPrice && (
            <Button variant="default" onClick={() => setBulk(true)} data-testid="catalog-bulk">
              {t('catalog.bulkPrice')}
            </Button>
          )}
          {/* Picked rows bring their own actions; at 1024 px in Russian the import gives way to them. */}
          {can('catalog.edit') && selected.size === 0 && (
            <Button variant="default" onClick={() => void navigate({ to: '/catalog/import' })} data-testid="catalog-import-open">
              {t('catalog.importProducts')}
            </Button>
          )}
          {can('catalog.edit') && (
            <Button onClick={() => void navigate({ to: '/catalog/$id', params: { id: 'new' } })} data-testid="catalog-add">
              {t('catalog.add')}
            </Button>
          )}
        </Group>
      </Group>
      <Group gap="sm" align="end" wrap="wrap">
        <SearchField
          key={typed.fieldKey}
          style={{ flex: 1 }}
          miw={220}
          data-testid="catalog-search"
          aria-label={t('catalog.search')}
          placeholder={t('catalog.search')}
          initial={typed.text}
          onSearch={(q) => {
            // The request goes out with the key, before the render that shows it.
            list.prefetch({ sort, filters: filtersFor(q) });
            typed.onSearch(q);
          }}
          onMove={(step) => step > 0 && document.querySelector<HTMLElement>(FIRST_ROW)?.focus()}
          autoFocus
        />
        <CatalogFilters
          category={search.category}
          supplier={search.supplier}
          archived={search.archived}
          belowMin={search.belowMin}
          noBarcode={search.noBarcode}
          categories={categories.data}
          supplierOptions={suppliers.options}
          onChange={setSearch}
        />
        {filtered && (
          <Button
            variant="subtle"
            data-testid="catalog-clear"
            onClick={() => {
              typed.clear();
              void navigate({ search: {}, replace: true });
            }}
          >
            {t('catalog.clear')}
          </Button>
        )}
      </Group>
      {list.error}
      <Box style={{ flex: 1, minHeight: 0 }}>{list.element}</Box>
      {labels && <LabelsDialog productIds={[...selected]} onClose={() => setLabels(false)} />}
      {bulk && (
        <BulkPriceDialog
          selectedIds={[...selected]}
          categoryId={search.category ?? null}
          categories={categories.data ?? []}
          onClose={() => setBulk(false)}
          onApplied={() => setSelected(new Set())}
        />
      )}
    </Stack>
  );
}
