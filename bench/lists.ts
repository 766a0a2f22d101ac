/**
 * The back office's long lists in Chromium on the aged shop (1M sales, 200k products), as the window by row index
 * (renderer/src/api/page-window.ts, ui/table/DataTable.tsx) serves them:
 * (a) a jump to the end and to the middle (the scroll bar set there): time until the rows in view are painted, against
 *     the offset queries (db/queries/lists.ts) that the jump needs, called directly on a read-only connection;
 * (b) a walk of N pages (a scroll of 100 rows at a time) from the top and from the middle: each page's time until its
 *     rows are painted, against the same keyset page queries called directly;
 * (c) the frame time (rAF to rAF) while walking.
 * Timed in the page: from setting scrollTop to the frame after the one where no row in view is a placeholder.
 */
import type { Page } from 'playwright-core';
import { openReadOnly } from '../db/readonly';
import { listSales, listStock, type Cursor, type Dir } from '../db/queries/lists';
import type { Db } from '../db/connection';
import { login, logout, OWNER } from '../e2e/helpers-counter';
import { nowMs, percentile, round, type Figures } from './util';

const PAGE = 100;
const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);
const p95 = (xs: number[]) => (xs.length ? percentile(sorted(xs), 95) : NaN);

/** In-page helpers (plain JS: the page has no bundler), installed once per page as window.__listBench. */
const IN_PAGE = `window.__listBench = (() => {
  const raf = () => new Promise((r) => requestAnimationFrame(() => r()));
  const region = (id) => document.querySelector('[data-testid="' + id + '"]');
  function shown(el) {
    const box = el.getBoundingClientRect();
    const head = el.querySelector('[role="rowgroup"]').getBoundingClientRect().bottom;
    let first = Infinity, last = -1, placeholders = 0;
    for (const r of el.querySelectorAll('[role="rowgroup"] + [role="rowgroup"] > [role="row"]')) {
      const b = r.getBoundingClientRect();
      if (b.bottom <= head + 1 || b.top >= box.bottom - 1) continue;
      const i = Number(r.getAttribute('aria-rowindex')) - 2;
      if (r.hasAttribute('data-placeholder')) placeholders++;
      first = Math.min(first, i);
      last = Math.max(last, i);
    }
    return { first, last, placeholders };
  }
  async function until(el, t0, ok, timeoutMs) {
    for (;;) {
      await raf();
      const s = shown(el);
      if (s.last >= 0 && s.placeholders === 0 && ok(s)) {
        await raf();
        return { ms: performance.now() - t0, first: s.first, last: s.last };
      }
      if (performance.now() - t0 > timeoutMs) throw new Error('rows never painted: ' + JSON.stringify(s));
    }
  }
  let frames = [], recording = false, lastT = 0;
  const loop = (t) => { if (!recording) return; if (lastT) frames.push(t - lastT); lastT = t; requestAnimationFrame(loop); };
  return {
    count: (id) => Number(region(id).querySelector('[role="table"]').getAttribute('aria-rowcount')) - 1,
    shown: (id) => shown(region(id)),
    async jump(id, at) {
      const el = region(id);
      const before = shown(el).first;
      const max = el.scrollHeight - el.clientHeight;
      const t0 = performance.now();
      el.scrollTop = at === 'end' ? el.scrollHeight : at === 'top' ? 0 : max * at;
      const count = this.count(id);
      return until(el, t0, (s) => (at === 'end' ? s.last === count - 1 : at === 'top' ? s.first === 0 : s.first !== before), 60000);
    },
    /** Scrolls 100 rows at a time, pages times (or until the budget): each step's time to painted rows, and the frames. */
    async walk(id, pages, budgetMs) {
      const el = region(id);
      const count = this.count(id);
      const ms = [];
      frames = []; lastT = 0; recording = true; requestAnimationFrame(loop);
      const started = performance.now();
      try {
        for (let k = 0; k < pages && performance.now() - started < budgetMs; k++) {
          const s = shown(el);
          if (s.last >= count - 1) break;
          const rowsInView = s.last - s.first + 1;
          const pxPerRow = (el.scrollHeight - el.clientHeight) / Math.max(1, count - rowsInView);
          const t0 = performance.now();
          el.scrollTop = el.scrollTop + ${PAGE} * pxPerRow;
          const r = await until(el, t0, (n) => n.first >= s.first + ${PAGE} - 10 || n.last === count - 1, 60000);
          ms.push(r.ms);
        }
      } finally {
        recording = false;
      }
      return { ms, frames, first: shown(el).first };
    },
  };
})();`;

interface Bench {
  count(id: string): number;
  shown(id: string): { first: number; last: number };
  jump(id: string, at: number | 'end' | 'top'): Promise<{ ms: number; first: number; last: number }>;
  walk(id: string, pages: number, budgetMs: number): Promise<{ ms: number[]; frames: number[]; first: number }>;
}
/** Calls a helper in the page with JSON arguments. */
const call = <K extends keyof Bench>(page: Page, fn: K, ...args: Parameters<Bench[K]>) =>
  page.evaluate(`window.__listBench.${fn}(...${JSON.stringify(args)})`) as Promise<Awaited<ReturnType<Bench[K]>>>;

type Which = 'sales' | 'stock';
/** The list's page query, as the screen asks it with its default sort. */
function query(db: Db, which: Which, start: { offset?: number; cursor?: Cursor; limit: number; dir: Dir }) {
  const { dir, ...at } = start;
  return which === 'sales'
    ? listSales(db, { types: ['sale', 'return'], ...at, withCount: false, sort: { by: 'postedAt', dir }, filters: {} })
    : listStock(db, { ...at, withCount: false, sort: { by: 'name', dir }, filters: {} });
}
const DEFAULT_DIR: Record<Which, Dir> = { sales: 'desc', stock: 'asc' };
const flip = (d: Dir): Dir => (d === 'asc' ? 'desc' : 'asc');

/**
 * The queries a jump to rows first..last needs, as the window asks them: the first page by offset from the nearer
 * end, the next (if the view spans two) by keyset from it. Their time, summed.
 */
function jumpFloor(db: Db, which: Which, count: number, first: number, last: number): number {
  const dir = DEFAULT_DIR[which];
  const p = Math.floor(first / PAGE);
  const start = p * PAGE;
  const end = Math.min(count, start + PAGE);
  const t0 = nowMs();
  const page =
    start <= count - end
      ? query(db, which, { offset: start, limit: end - start, dir })
      : query(db, which, { offset: count - end, limit: end - start, dir: flip(dir) });
  let ms = nowMs() - t0;
  if (Math.floor(last / PAGE) > p) {
    const rows = start <= count - end ? page.rows : [...page.rows].reverse();
    const t1 = nowMs();
    query(db, which, { cursor: cursorOf(rows[rows.length - 1]!), limit: PAGE, dir });
    ms += nowMs() - t1;
  }
  return ms;
}

const cursorOf = (row: { id: number; postedAt?: string | null; name?: string }): Cursor => ({
  key: row.postedAt ?? row.name!,
  id: row.id,
});

/** `pages` keyset pages from row `from` on, each timed: the floor of a walk. */
function walkFloor(db: Db, which: Which, from: number, pages: number): number[] {
  const dir = DEFAULT_DIR[which];
  // The row before `from` is where the walk starts after (untimed: the browser got there by a jump).
  const before = from > 0 ? query(db, which, { offset: from - 1, limit: 1, dir }).rows[0] : undefined;
  let next: Cursor | null = before ? { key: 'postedAt' in before ? before.postedAt! : before.name, id: before.id } : null;
  const ms: number[] = [];
  for (let i = 0; i < pages; i++) {
    const t0 = nowMs();
    const p = query(db, which, { ...(next ? { cursor: next } : {}), limit: PAGE, dir });
    ms.push(nowMs() - t0);
    if (!p.nextCursor) break;
    next = p.nextCursor;
  }
  return ms;
}

export async function benchLists(
  page: Page,
  url: string,
  file: string,
  opts: { budgetS: number; pages: number },
  log: (s: string) => void,
): Promise<Figures> {
  const figures: Figures = {};
  await logout(page);
  await login(page, OWNER);
  const db = openReadOnly(file);
  try {
    for (const [which, table] of [
      ['sales', 'sales-table'],
      ['stock', 'stock-table'],
    ] as const) {
      await page.goto(`${url}#/${which}`);
      await page.locator(`[data-testid="${table}"] [role="row"][aria-rowindex="2"]:not([data-placeholder])`).waitFor({ timeout: 120_000 });
      await page.evaluate(IN_PAGE);
      const count = await call(page, 'count', table);
      const scaled = (await page.getByTestId(table).getAttribute('data-scaled')) !== null;
      log(`  ${which}: ${count} rows${scaled ? ' (scroll scaled)' : ''}`);
      const f = (name: string, v: number, digits = 1) => (figures[`list_${which}_${name}`] = round(v, digits));
      f('rows', count, 0);

      // (a) Jumps: to the end, back to the top, to the middle.
      const end = await call(page, 'jump', table, 'end');
      const endFloor = jumpFloor(db, which, count, end.first, end.last);
      f('reached_end', end.last === count - 1 ? 1 : 0, 0);
      f('jump_end_ms', end.ms);
      f('jump_end_floor_ms', endFloor, 2);
      f('jump_end_ratio', end.ms / endFloor);
      await call(page, 'jump', table, 'top');
      const mid = await call(page, 'jump', table, 0.5);
      const midFloor = jumpFloor(db, which, count, mid.first, mid.last);
      f('jump_middle_ms', mid.ms);
      f('jump_middle_floor_ms', midFloor, 2);
      f('jump_middle_ratio', mid.ms / midFloor);
      log(
        `  ${which}: jump to the end ${end.ms.toFixed(0)} ms (offset queries ${endFloor.toFixed(1)} ms), to row ${mid.first} ${mid.ms.toFixed(0)} ms (offset queries ${midFloor.toFixed(1)} ms)`,
      );

      // (b, c) Walks of N pages from the top and from the middle.
      const budgetMs = opts.budgetS * 1000;
      await call(page, 'jump', table, 'top');
      const top = await call(page, 'walk', table, opts.pages, budgetMs);
      const topFloor = walkFloor(db, which, 0, top.ms.length);
      const from = mid.first;
      await call(page, 'jump', table, 0.5);
      const middle = await call(page, 'walk', table, opts.pages, budgetMs);
      const middleFloor = walkFloor(db, which, from, middle.ms.length);
      const all = [...top.ms, ...middle.ms];
      const floor = [...topFloor, ...middleFloor];
      f('pages_walked', all.length, 0);
      f('page_top_p95_ms', p95(top.ms));
      f('page_middle_p95_ms', p95(middle.ms));
      f('page_p95_ms', p95(all));
      f('page_floor_p95_ms', p95(floor), 2);
      f('page_floor_ratio', p95(all) / p95(floor));
      f('frame_p95_ms', p95([...top.frames, ...middle.frames]));
      log(
        `  ${which}: ${top.ms.length} pages from the top, ${middle.ms.length} from row ${from}: p95 ${p95(all).toFixed(1)} ms a page (keyset query alone p95 ${p95(floor).toFixed(2)} ms), frame p95 ${p95([...top.frames, ...middle.frames]).toFixed(1)} ms`,
      );
    }
  } finally {
    db.raw.close();
  }
  return figures;
}
