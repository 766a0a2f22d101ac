import { Badge, Box, Checkbox, Group, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiWindow, useApiQuery } from '../../api/hooks';
import type { StockRow } from '../../api/types';
import type { StockSearch } from '../../router/search';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { SearchField, useUrlSearchText } from '../../ui/search/SearchField';
import { DataTable, type Column } from '../../ui/table/DataTable';

/** Every product with its stock, a page at a time by name or SKU; the search and filters live in the URL. */
export function StockScreen() {
  const { t } = useTranslation();
  const f = useFormat();
  const search = useSearch({ from: '/stock' });
  const navigate = useNavigate({ from: '/stock' });
  const setSearch = (patch: Partial<StockSearch>) => void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true });
  const locations = useApiQuery('locations.list', {}, { staleTime: Infinity });
  // As in the catalog: every key searches, the URL follows once typing pauses.
  const typed = useUrlSearchText(search.q ?? '', (q) => setSearch({ q: q || undefined }));
  const sort = { by: search.sort ?? 'name', dir: search.dir ?? 'asc' } as const;
  const filtersFor = (q: string) => ({
    ...(q ? { q } : {}),
    ...(search.location ? { locationId: search.location } : {}),
    ...(search.belowZero ? { belowZero: true } : {}),
  });
  const list = useApiWindow('stock.onHand', { sort, filters: filtersFor(typed.text) }, (p) => p.productId);

  const columns = useMemo<Column<StockRow>[]>(
    () => [
      {
        id: 'sku',
        header: t('stock.sku'),
        min: 6,
        grow: 0.8,
        sortable: true,
        cell: (p) => (
          <Text size="sm" c="dimmed" truncate>
            {p.sku}
          </Text>
        ),
      },
      {
        id: 'name',
        header: t('stock.name'),
        min: 12,
        grow: 3,
        sortable: true,
        cell: (p) => (
          <Group gap="xs" wrap="nowrap">
            <Link to="/stockdocs/history/$productId" params={{ productId: p.productId }} title={t('stockdocs.history')}>
              <Text truncate>{p.name}</Text>
            </Link>
            {!p.active && (
              <Badge color="gray" variant="light">
                {t('stock.inactive')}
              </Badge>
            )}
          </Group>
        ),
      },
      {
        id: 'barcode',
        header: t('stock.barcode'),
        min: 9,
        cell: (p) => (
          <Text size="sm" ff="monospace" truncate>
            {p.barcode ?? ''}
          </Text>
        ),
      },
      { id: 'price', header: t('stock.price'), min: 6, grow: 0.8, align: 'right', cell: (p) => f.money(p.price) },
      {
        id: 'qty',
        header: t('stock.onHand'),
        min: 7,
        grow: 0.8,
        align: 'right',
        cell: (p) => (
          <Text span fw={600} data-testid={`onhand-${p.productId}`} data-qty={p.qty} c={p.qty < 0 ? 'red.9' : undefined}>
            {f.qty(p.qty, p.unit)}
          </Text>
        ),
      },
    ],
    [t, f],
  );

  return (
    <Stack h="calc(100dvh - var(--app-shell-header-offset, 64px) - 2 * var(--mantine-spacing-md))" gap="sm">
      <Group justify="space-between" wrap="nowrap">
        <Title order={2}>{t('stock.title')}</Title>
        <Text c="dimmed" data-testid="stock-count" data-count={list.count ?? undefined}>
          {list.count !== null ? t('table.count', { count: list.count }) : ''}
        </Text>
      </Group>
      <Group gap="sm" align="end" wrap="nowrap">
        <SearchField
          key={typed.fieldKey}
          style={{ flex: 1 }}
          miw={200}
          data-testid="stock-search"
          aria-label={t('stock.search')}
          placeholder={t('stock.search')}
          initial={typed.text}
          onSearch={(q) => {
            // The request goes out with the key, before the render that shows it.
            list.prefetch({ sort, filters: filtersFor(q) });
            typed.onSearch(q);
          }}
          autoFocus
        />
        {(locations.data?.length ?? 0) > 1 && (
          <NativeSelect
            size="lg"
            w={220}
            aria-label={t('stock.location')}
            data-testid="stock-location"
            value={search.location ? String(search.location) : ''}
            onChange={(e) => setSearch({ location: e.currentTarget.value ? Number(e.currentTarget.value) : undefined })}
            data={[
              { value: '', label: t('stock.allLocations') },
              ...(locations.data ?? []).map((l) => ({ value: String(l.id), label: l.name })),
            ]}
          />
        )}
        <Checkbox
          size="md"
          label={t('stock.belowZero')}
          data-testid="stock-below-zero"
          checked={!!search.belowZero}
          onChange={(e) => setSearch({ belowZero: e.currentTarget.checked || undefined })}
          styles={{ body: { alignItems: 'center', minHeight: 44 } }}
        />
      </Group>
      <ErrorAlert error={list.error} />
      <Box style={{ flex: 1, minHeight: 0 }}>
        <DataTable
          label={t('stock.list')}
          testId="stock-table"
          height="100%"
          columns={columns}
          list={list}
          rowKey={(p) => p.productId}
          sort={sort}
          onSort={(s) => setSearch({ sort: s.by as StockSearch['sort'], dir: s.dir })}
          rowAttrs={(p) => ({ 'data-testid': `stock-row-${p.productId}`, 'data-name': p.name, 'data-product': p.productId })}
          empty={list.isSuccess ? <Text c="dimmed">{t('stock.empty')}</Text> : null}
        />
      </Box>
    </Stack>
  );
}
