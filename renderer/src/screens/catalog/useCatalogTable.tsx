// The catalog list's one use of the long-list kit (DataTable over useApiWindow): the rest of the screen hands it the
// query and gets rows, the count and clicks back, so moving to another list component changes only this file.
import { Badge, Group, Text } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiWindow } from '../../api/hooks';
import type { ApiInput, ApiOutput } from '../../api/types';
import { filler, slot } from '../../i18n/fill';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { cellTone, DataTable, type Column } from '../../ui/table/DataTable';

const SHOWN_LIMIT = 5000;

export type CatalogRow = ApiOutput<'catalog.list'>['rows'][number];
export type CatalogQuery = Omit<ApiInput<'catalog.list'>, 'cursor' | 'limit'>;
type Sort = NonNullable<CatalogQuery['sort']>;

export interface CatalogTableProps {
  query: CatalogQuery & { sort: Sort };
  onSort(sort: Sort): void;
  onOpen(row: CatalogRow): void;
  /** Picked rows (for a bulk price change); no checkbox column when undefined. */
  selected?: ReadonlySet<number>;
  onToggle?(row: CatalogRow, on: boolean): void;
}

/** The list as an element to place, with the rows loaded so far and the server's count for the rest of the screen. */
export function useCatalogTable({ query, onSort, onOpen, selected, onToggle }: CatalogTableProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const { sort, ...rest } = query;
  const list = useApiWindow('catalog.list', { ...rest, sort });

  const columns = useMemo<Column<CatalogRow>[]>(() => {
    // Translated once, not once a row (i18n/fill.ts).
    const selectLabel = filler(t('catalog.select', { name: slot(0) }));
    return [
      ...(selected && onToggle
        ? [
            {
              id: 'pick',
              header: '✓',
              min: 3,
              grow: 0.2,
              // A native box: the list makes and drops these by the hundred while it scrolls.
              cell: (p: CatalogRow) => (
                <input
                  type="checkbox"
                  className={cellTone.check}
                  aria-label={selectLabel(p.name)}
                  data-testid={`catalog-pick-${p.id}`}
                  checked={selected.has(p.id)}
                  onClick={(e) => e.stopPropagation()}
                  onKeyDown={(e) => e.stopPropagation()}
                  onChange={(e) => onToggle(p, e.currentTarget.checked)}
                />
              ),
            },
          ]
        : []),
      {
        id: 'sku',
        header: t('catalog.sku'),
        min: 6,
        grow: 0.8,
        sortable: true,
        cell: (p) => <span className={cellTone.dimmed}>{p.sku}</span>,
      },
      {
        id: 'name',
        header: t('catalog.name'),
        min: 12,
        grow: 3,
        sortable: true,
        cell: (p) =>
          p.active ? (
            p.name
          ) : (
            <Group gap="xs" wrap="nowrap" miw={0}>
              <Text truncate>{p.name}</Text>
              <Badge color="gray" variant="light" flex="none">
                {t('catalog.archived')}
              </Badge>
            </Group>
          ),
      },
      {
        id: 'category',
        header: t('catalog.category'),
        min: 8,
        cell: (p) => <span className={cellTone.small}>{p.categoryName ?? ''}</span>,
      },
      {
        id: 'barcode',
        header: t('catalog.barcode'),
        min: 9,
        cell: (p) => (
          <span className={cellTone.mono}>
            {p.barcode ?? ''}
            {p.barcodes > 1 ? ` +${p.barcodes - 1}` : ''}
          </span>
        ),
      },
      {
        id: 'price',
        header: t('catalog.price'),
        min: 6,
        grow: 0.8,
        align: 'right',
        sortable: true,
        cell: (p) => (
          <span className={cellTone.small} data-testid={`catalog-price-${p.id}`} data-price={p.price}>
            {f.money(p.price)}
          </span>
        ),
      },
      {
        id: 'onHand',
        header: t('catalog.onHand'),
        min: 7,
        grow: 0.8,
        align: 'right',
        cell: (p) => (
          <span className={p.minStock !== null && p.onHand < p.minStock ? cellTone.alert : cellTone.small}>{f.qty(p.onHand, p.unit)}</span>
        ),
      },
    ];
  }, [t, f, selected, onToggle]);

  const element = (
    <DataTable
      label={t('catalog.list')}
      testId="catalog-table"
      height="100%"
      columns={columns}
      list={list}
      rowKey={(p) => p.id}
      sort={query.sort}
      onSort={(s) => onSort(s as Sort)}
      onOpen={onOpen}
      rowAttrs={(p) => ({ 'data-testid': `catalog-row-${p.id}`, 'data-name': p.name })}
      empty={list.isSuccess ? <Text c="dimmed">{t('catalog.empty')}</Text> : null}
    />
  );
  /** The rows loaded so far among the first SHOWN_LIMIT ("select what is shown" takes these). */
  const shownRows = (): CatalogRow[] => {
    const out: CatalogRow[] = [];
    for (let i = 0; i < Math.min(list.count ?? 0, SHOWN_LIMIT); i++) {
      const row = list.rowAt(i);
      if (row) out.push(row);
    }
    return out;
  };
  /** Starts fetching the list as `next` will ask for it (see useApiWindow's prefetch). */
  const prefetch = (next: CatalogQuery & { sort: Sort }) => {
    const { sort: nextSort, ...nextRest } = next;
    list.prefetch({ ...nextRest, sort: nextSort });
  };
  return { element, error: <ErrorAlert error={list.error} />, shownRows, count: list.count, prefetch };
}
