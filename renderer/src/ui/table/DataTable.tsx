import { Loader, Text, UnstyledButton } from '@mantine/core';
import { createColumnHelper, rowSortingFeature, tableFeatures, useTable, type SortingState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import classes from './DataTable.module.css';

export interface Column<Row> {
  id: string;
  header: string;
  cell(row: Row): ReactNode;
  /** Narrowest the column gets, in rem; below the sum of these the region scrolls sideways. */
  min: number;
  /** Share of the room left over (1 when omitted). */
  grow?: number;
  align?: 'right';
  /** The server can sort by this column (an index walks it). */
  sortable?: boolean;
}

export interface TableSort {
  by: string;
  dir: 'asc' | 'desc';
}

export interface DataTableProps<Row extends object> {
  /** Accessible name of the table and its scroll region. */
  label: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey(row: Row): string | number;
  /** All rows matching the filters when the server counted them; the screen reader hears the real size. */
  count: number | null;
  sort: TableSort;
  onSort(sort: TableSort): void;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore(): void;
  onOpen?(row: Row): void;
  /** data-* attributes (test ids, values) for a row. */
  rowAttrs?(row: Row): Record<string, string | number | undefined>;
  /** Height of the scroll region, e.g. 'calc(100dvh - 260px)'. */
  height: string;
  empty?: ReactNode;
  testId?: string;
}

const ROW_HEIGHT = 48;
const features = tableFeatures({ rowSortingFeature });
/** Rows left below the view when the next page is asked for: it arrives before the user gets there. */
const PREFETCH = 30;

/**
 * One long list: server-sorted, fetched a page at a time as the user scrolls, only the rows in view in the DOM.
 * The scroll region is focusable (arrow keys and Page Down scroll it), headers of sortable columns are buttons with
 * aria-sort, rows open with a click or Enter.
 */
export function DataTable<Row extends object>(p: DataTableProps<Row>) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const helper = createColumnHelper<typeof features, Row>();
  const { columns: cols } = p;
  const columns = useMemo(
    () =>
      helper.columns(
        cols.map((c) =>
          helper.accessor((row: Row) => p.rowKey(row), {
            id: c.id,
            header: c.header,
            enableSorting: !!c.sortable,
            cell: (ctx) => c.cell(ctx.row.original),
          }),
        ),
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the helper and rowKey are stateless; the column list is what changes.
    [cols],
  );
  const sorting = useMemo<SortingState>(() => [{ id: p.sort.by, desc: p.sort.dir === 'desc' }], [p.sort.by, p.sort.dir]);
  const table = useTable({
    features,
    columns,
    data: p.rows,
    manualSorting: true,
    enableSortingRemoval: false,
    enableMultiSort: false,
    state: { sorting },
    onSortingChange: (updater) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      const first = next[0];
      if (first) p.onSort({ by: first.id, dir: first.desc ? 'desc' : 'asc' });
    },
    getRowId: (row) => String(p.rowKey(row)),
  });
  const rows = table.getRowModel().rows;

  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler in this build; the virtualizer re-renders its host itself.
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    getItemKey: (i) => rows[i]!.id,
  });
  const items = virtual.getVirtualItems();
  const lastShown = items.length ? items[items.length - 1]!.index : -1;
  const { hasMore, loadingMore, loadMore } = p;
  useEffect(() => {
    if (hasMore && !loadingMore && lastShown >= rows.length - PREFETCH) loadMore();
  }, [hasMore, loadingMore, loadMore, lastShown, rows.length]);

  // Row padding 2 × 1rem and 1rem between columns, as in DataTable.module.css.
  const minWidth = `${cols.reduce((sum, c) => sum + c.min, 0) + cols.length - 1 + 2}rem`;
  const grid: CSSProperties = { gridTemplateColumns: cols.map((c) => `minmax(${c.min}rem, ${c.grow ?? 1}fr)`).join(' ') };
  const open = p.onOpen;
  const onRowKey = (e: KeyboardEvent<HTMLDivElement>, row: Row) => {
    if (e.key === 'Enter' && open) open(row);
    const sibling =
      e.key === 'ArrowDown' ? e.currentTarget.nextElementSibling : e.key === 'ArrowUp' ? e.currentTarget.previousElementSibling : null;
    if (sibling instanceof HTMLElement) {
      e.preventDefault();
      sibling.focus();
    }
  };

  return (
    <div
      ref={scrollRef}
      className={classes.scroll}
      style={{ height: p.height }}
      tabIndex={0}
      role="region"
      aria-label={p.label}
      data-testid={p.testId}
    >
      <div
        role="table"
        aria-label={p.label}
        aria-rowcount={p.count !== null ? p.count + 1 : -1}
        aria-busy={loadingMore}
        className={classes.table}
        style={{ minWidth }}
      >
        <div role="rowgroup" className={classes.head}>
          {table.getHeaderGroups().map((group) => (
            <div role="row" aria-rowindex={1} key={group.id} className={classes.row} style={grid}>
              {group.headers.map((h) => {
                const col = cols.find((c) => c.id === h.column.id)!;
                const sorted = h.column.getIsSorted();
                const ariaSort = sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : col.sortable ? 'none' : undefined;
                return (
                  <div role="columnheader" key={h.id} aria-sort={ariaSort} className={classes.cell} data-align={col.align}>
                    {col.sortable ? (
                      <UnstyledButton className={classes.sort} onClick={h.column.getToggleSortingHandler()} data-testid={`sort-${col.id}`}>
                        <span>{col.header}</span>
                        <span aria-hidden>{sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}</span>
                      </UnstyledButton>
                    ) : (
                      col.header
                    )}
                  </div>
                );
              })}
            </div>
          ))}
        </div>
        <div role="rowgroup" className={classes.body} style={{ height: virtual.getTotalSize() }}>
          {items.map((v) => {
            const row = rows[v.index]!;
            return (
              <div
                key={row.id}
                role="row"
                aria-rowindex={v.index + 2}
                className={classes.row}
                data-clickable={open ? true : undefined}
                tabIndex={open ? 0 : undefined}
                style={{ ...grid, height: ROW_HEIGHT, transform: `translateY(${v.start}px)` }}
                onClick={open ? () => open(row.original) : undefined}
                onKeyDown={(e) => onRowKey(e, row.original)}
                {...p.rowAttrs?.(row.original)}
              >
                {row.getAllCells().map((cell) => {
                  const col = cols.find((c) => c.id === cell.column.id)!;
                  return (
                    <div role="cell" key={cell.id} className={classes.cell} data-align={col.align}>
                      <table.FlexRender cell={cell} />
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
      {!rows.length && !loadingMore && p.empty && <div className={classes.empty}>{p.empty}</div>}
      {loadingMore && (
        <div className={classes.more} role="status">
          <Loader size="sm" />
          <Text size="sm">{t('table.loadingMore')}</Text>
        </div>
      )}
    </div>
  );
}
