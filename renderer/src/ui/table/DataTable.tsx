import { Loader, UnstyledButton } from '@mantine/core';
import {
  memo,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  useSyncExternalStore,
  type CSSProperties,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { useTranslation } from 'react-i18next';
import classes from './DataTable.module.css';
import { ROW_HEIGHT, rowsInView, scrollTopFor, type Viewport } from './window';

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

/** A long list by row index, as useApiWindow (api/hooks.ts) returns it. */
export interface RowWindow<Row> {
  /** Changes when the list does (method, sort, filters): the table goes back to the top. */
  key: string;
  /** All rows matching the filters; null until the server has counted them. */
  count: number | null;
  /** The rows shown are an earlier list's while this one's first page is on its way. */
  busy?: boolean;
  /** The row at a 0-based index, or undefined while its page is on its way (a placeholder row stands in). */
  rowAt(index: number): Row | undefined;
  /** The indexes in view (inclusive), so that the pages covering them are fetched. */
  onView(first: number, last: number): void;
  /** Pages arriving: the table re-renders itself, not the screen around it. */
  subscribe(listener: () => void): () => void;
  getVersion(): number;
}

export interface DataTableProps<Row extends object> {
  /** Accessible name of the table and its scroll region. */
  label: string;
  columns: Column<Row>[];
  /** The rows by index: `list={useApiWindow(method, input)}`. Replaces rows, count, hasMore, loadingMore, loadMore. */
  list: RowWindow<Row>;
  rowKey(row: Row): string | number;
  sort: TableSort;
  onSort(sort: TableSort): void;
  onOpen?(row: Row): void;
  /** data-* attributes (test ids, values) for a row. */
  rowAttrs?(row: Row): Record<string, string | number | undefined>;
  /** Height of the scroll region, e.g. 'calc(100dvh - 260px)'. */
  height: string;
  empty?: ReactNode;
  testId?: string;
}

/**
 * Class names for a cell's text (small, dimmed, monospace, alert) and a row's checkbox: a long list's cells are plain elements, since a
 * scroll bar dragged through it makes and drops hundreds of them a second.
 */
export const cellTone = {
  small: classes.small,
  dimmed: classes.dimmed,
  mono: classes.mono,
  alert: classes.alert,
  check: classes.check,
} as const;

/** Rows rendered above and below the view. */
const OVERSCAN = 6;

/**
 * One long list of any length (a million sales): server-sorted, rendered by row index, only the rows in view in the
 * DOM; a row not fetched yet is a placeholder of the same height. Rows have one fixed height, so the row at a scroll
 * position is arithmetic (window.ts), and past SCROLL_CAP px of rows (Chromium cannot make an element much taller than
 * 33M px) the scroll height is capped and the scroll position maps linearly onto the rows. TanStack Virtual places
 * items at their real pixel offsets and cannot do that mapping, so the window is computed here, one way for every size.
 * The scroll region is focusable; arrow keys, Page Up/Down, Home and End move through rows (in rows, not pixels, so
 * a scaled list steps as a short one does); headers of sortable columns are buttons with aria-sort; rows open with a
 * click or Enter. aria-rowcount and aria-rowindex give the real size and positions.
 *
 * Porting a screen from useApiPages: `const list = useApiWindow(method, { sort, filters })` (no limit; pass the id's
 * getter when rows have no `id`, e.g. `(r) => r.productId`), then `<DataTable list={list} …>` in place of `rows`,
 * `count`, `hasMore`, `loadingMore` and `loadMore`; `list.count`, `list.error`, `list.isFetching` for the rest.
 */
export function DataTable<Row extends object>(p: DataTableProps<Row>) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const headRef = useRef<HTMLDivElement>(null);
  const [box, setBox] = useState({ scrollTop: 0, prevTop: 0, client: 0, head: 0 });
  const focusIndex = useRef<number | null>(null);
  const { list, columns: cols } = p;
  useSyncExternalStore(list.subscribe, list.getVersion);
  const count = list.count ?? 0;
  const view: Viewport = { count, scrollTop: box.scrollTop, height: Math.max(ROW_HEIGHT, box.client - box.head) };
  // A jump further than a view (a dragged scroll bar) renders just the view: rows either side of it would be replaced
  // at the next frame anyway.
  const near = rowsInView(view, 0);
  const before = rowsInView({ ...view, scrollTop: box.prevTop }, 0);
  const jumped = Math.abs(near.firstVisible - before.firstVisible) > near.lastVisible - near.firstVisible + 1;
  const w = jumped ? near : rowsInView(view, OVERSCAN);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const measure = () =>
      setBox({ scrollTop: el.scrollTop, prevTop: el.scrollTop, client: el.clientHeight, head: headRef.current?.offsetHeight ?? 0 });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  // A new sort or filter is a new list: back to its top.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el && el.scrollTop) el.scrollTop = 0;
  }, [list.key]);
  const { onView } = list;
  useEffect(() => onView(w.firstVisible, w.lastVisible), [onView, w.firstVisible, w.lastVisible]);
  // A row moved to by the keyboard gets the focus once it is rendered (at once when it already is).
  const focusPending = () => {
    if (focusIndex.current === null) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`[aria-rowindex="${focusIndex.current + 2}"]`);
    // A placeholder waits: its row, when it comes, is a new element.
    if (row && !row.hasAttribute('data-placeholder')) {
      row.focus({ preventScroll: true });
      focusIndex.current = null;
    }
  };
  useEffect(focusPending);

  const scrollTo = (top: number) => {
    const el = scrollRef.current;
    if (el) el.scrollTop = top;
  };
  /** Brings row i into view (at the nearer edge) and focuses it once it is rendered. */
  const focusRow = (i: number) => {
    const index = Math.max(0, Math.min(count - 1, i));
    if (index * ROW_HEIGHT < w.offset) scrollTo(scrollTopFor(view, index, 'top'));
    else if ((index + 1) * ROW_HEIGHT > w.offset + view.height) scrollTo(scrollTopFor(view, index, 'bottom'));
    focusIndex.current = index;
    focusPending();
  };
  const perPage = Math.max(1, Math.floor(view.height / ROW_HEIGHT) - 1);
  const STEP: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: perPage, PageUp: -perPage, Home: -Infinity, End: Infinity };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const rowEl = e.target instanceof HTMLElement && e.target.getAttribute('role') === 'row' ? e.target : null;
    const at = rowEl ? Number(rowEl.getAttribute('aria-rowindex')) - 2 : null;
    if (e.key === 'Enter' && at !== null && p.onOpen) {
      const row = list.rowAt(at);
      if (row) p.onOpen(row);
      return;
    }
    const step = STEP[e.key];
    if (step === undefined || !count) return;
    e.preventDefault();
    // On a row the focus moves by rows; on the region the view does (in rows, whatever the scale).
    if (at !== null) focusRow(at + step);
    else if (step === Infinity) scrollTo(scrollTopFor(view, count - 1, 'bottom'));
    else if (step === -Infinity) scrollTo(0);
    else scrollTo(scrollTopFor(view, Math.max(0, Math.min(count - 1, Math.round(w.offset / ROW_HEIGHT) + step)), 'top'));
  };

  // Row padding 2 × 1rem and 1rem between columns, as in DataTable.module.css.
  const minWidth = `${cols.reduce((sum, c) => sum + c.min, 0) + cols.length - 1 + 2}rem`;
  const grid: CSSProperties = { gridTemplateColumns: cols.map((c) => `minmax(${c.min}rem, ${c.grow ?? 1}fr)`).join(' ') };
  const open = p.onOpen;
  const onSortClick = (id: string) =>
    p.onSort(p.sort.by === id ? { by: id, dir: p.sort.dir === 'asc' ? 'desc' : 'asc' } : { by: id, dir: 'asc' });

  const rows: ReactNode[] = [];
  let waiting = list.count === null || !!list.busy;
  for (let i = w.first; i <= w.last; i++) {
    const row = list.rowAt(i);
    const style: CSSProperties = { ...grid, height: ROW_HEIGHT, transform: `translateY(${w.topOf(i)}px)` };
    if (!row) {
      if (i >= w.firstVisible && i <= w.lastVisible) waiting = true;
      // One bar across the row, not a cell per column: a dragged scroll bar passes through thousands of these.
      rows.push(
        <div key={`i${i}`} role="row" aria-rowindex={i + 2} className={classes.row} style={style} data-placeholder="">
          <span role="cell" className={classes.placeholder} />
        </div>,
      );
      continue;
    }
    rows.push(<TableRow key={p.rowKey(row)} row={row} index={i} style={style} cols={cols} onOpen={open} attrs={p.rowAttrs?.(row)} />);
  }

  return (
    <div
      ref={scrollRef}
      className={classes.scroll}
      style={{ height: p.height }}
      tabIndex={0}
      role="region"
      aria-label={p.label}
      data-testid={p.testId}
      data-scaled={w.scaled ? '' : undefined}
      onScroll={(e) => {
        const top = e.currentTarget.scrollTop;
        setBox((b) => (b.scrollTop === top ? b : { ...b, scrollTop: top, prevTop: b.scrollTop }));
      }}
      onKeyDown={onKey}
    >
      <div
        role="table"
        aria-label={p.label}
        aria-rowcount={list.count !== null ? list.count + 1 : -1}
        aria-busy={waiting}
        className={classes.table}
        style={{ minWidth }}
      >
        <div role="rowgroup" className={classes.head} ref={headRef}>
          <div role="row" aria-rowindex={1} className={classes.row} style={grid}>
            {cols.map((col) => {
              const sorted = p.sort.by === col.id ? p.sort.dir : null;
              const ariaSort = sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : col.sortable ? 'none' : undefined;
              return (
                <div role="columnheader" key={col.id} aria-sort={ariaSort} className={classes.cell} data-align={col.align}>
                  {col.sortable ? (
                    <UnstyledButton className={classes.sort} onClick={() => onSortClick(col.id)} data-testid={`sort-${col.id}`}>
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
        </div>
        <div role="rowgroup" className={classes.body} style={{ height: w.height }}>
          {rows}
        </div>
      </div>
      {list.count === 0 && p.empty && <div className={classes.empty}>{p.empty}</div>}
      {/* Always there, shown while rows are on their way: mounting it at each stop of a fast scroll cost frames. */}
      <div className={classes.more} role="status" data-shown={waiting || undefined}>
        <Loader size="sm" />
        <span className={classes.small}>{waiting ? t('table.loadingMore') : ''}</span>
      </div>
    </div>
  );
}

interface TableRowProps<Row> {
  row: Row;
  index: number;
  style: CSSProperties;
  cols: Column<Row>[];
  onOpen?: (row: Row) => void;
  attrs?: Record<string, string | number | undefined>;
}

function TableRowOf<Row>({ row, index, style, cols, onOpen, attrs }: TableRowProps<Row>) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      className={classes.row}
      data-clickable={onOpen ? true : undefined}
      tabIndex={onOpen ? 0 : undefined}
      style={style}
      onClick={onOpen ? () => onOpen(row) : undefined}
      {...attrs}
    >
      {cols.map((c) => (
        <div role="cell" key={c.id} className={classes.cell} data-align={c.align}>
          {c.cell(row)}
        </div>
      ))}
    </div>
  );
}

/** A row re-renders when its data, place or columns change, not at every scroll event of the table around it. */
const TableRow = memo(TableRowOf, (a, b) => {
  if (a.row !== b.row || a.index !== b.index || a.cols !== b.cols || a.onOpen !== b.onOpen) return false;
  if (a.style.transform !== b.style.transform || a.style.gridTemplateColumns !== b.style.gridTemplateColumns) return false;
  const ka = Object.keys(a.attrs ?? {});
  return ka.length === Object.keys(b.attrs ?? {}).length && ka.every((k) => a.attrs![k] === b.attrs?.[k]);
}) as typeof TableRowOf;
