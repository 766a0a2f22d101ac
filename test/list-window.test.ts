// The screens' long-list window (renderer/src/api/page-window.ts) over the real sale.list, and the table's
// arithmetic for a list taller than the browser can lay out (renderer/src/ui/table/window.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../core/api/dispatch';
import type { ApiInput } from '../core/contract/api';
import { NewestOnly, pageWindow, type PageWindow } from '../renderer/src/api/page-window';
import { ROW_HEIGHT, rowsInView, SCROLL_CAP, scrollTopFor } from '../renderer/src/ui/table/window';
import { as, testCore, unwrap } from './helpers';

let core: ReturnType<typeof testCore>;
let owner: Caller;
const SALES = 1234;
const PAGE = 50;

function addSales(from: number, n: number) {
  const ins = core.db.raw.prepare(
    `INSERT INTO documents (uuid, request_hash, type, number, status, location_id, author_id, total, tax_total, created_at, posted_at, business_date)
     VALUES (?, 'x', 'sale', ?, 'posted', 1, 1, ?, 0, ?, ?, ?)`,
  );
  core.db.raw.transaction(() => {
    for (let i = from; i < from + n; i++) {
      // Two sales a second: the id breaks the tie.
      const at = new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 2) * 1000).toISOString();
      ins.run(`w-${i}`, `S-7${String(i).padStart(5, '0')}`, (i * 31) % 400, at, at, at.slice(0, 10));
    }
  })();
}
const newestFirst = () =>
  core.db.raw
    .prepare(`SELECT id FROM documents WHERE type IN ('sale','return') ORDER BY posted_at DESC, id DESC`)
    .pluck()
    .all() as number[];

beforeAll(async () => {
  core = testCore();
  owner = await as(core, 'owner');
  addSales(0, SALES);
});
afterAll(() => core.cleanup());

/** A window over sale.list as the sales screen makes it, recording how each page was asked for. */
function salesWindow(sort: { by: 'postedAt' | 'total'; dir: 'asc' | 'desc' } = { by: 'postedAt', dir: 'desc' }) {
  const asked: Record<string, unknown>[] = [];
  const w = pageWindow<{ id: number }>(
    PAGE,
    sort,
    async (start) => {
      asked.push(start);
      return unwrap(await owner('sale.list', { sort, ...start } as ApiInput<'sale.list'>));
    },
    (r) => r.id,
  );
  return { w, asked };
}

/** Shows rows first..last and waits for them. */
async function view(w: PageWindow<{ id: number }>, first: number, last: number) {
  w.setView(first, last);
  for (let i = 0; i < 500; i++) {
    let missing = false;
    for (let k = first; k <= last; k++) if (!w.rowAt(k)) missing = true;
    if (!missing) return Array.from({ length: last - first + 1 }, (_, k) => w.rowAt(first + k)!.id);
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error(`rows ${first}..${last} never came`);
}

describe('the list window fetches the pages in view, cheap at both ends', () => {
  it('opens with the first page and the count; End is one page walked from the end', async () => {
    const ids = newestFirst();
    const { w, asked } = salesWindow();
    expect(await w.refresh()).toBe(ids.length);
    expect(await view(w, 0, 20)).toEqual(ids.slice(0, 21));
    asked.length = 0;
    const end = ids.length - 1;
    expect(await view(w, end - 15, end)).toEqual(ids.slice(end - 15));
    // The last (part) page: the oldest rows, walked oldest first from offset 0, no count.
    expect(asked[0]).toMatchObject({ offset: 0, withCount: false, sort: { by: 'postedAt', dir: 'asc' } });
    expect(asked[0]!.limit).toBe(ids.length % PAGE || PAGE);
  });

  it('scrolling up from the end continues from the page below by keyset, every row in order', async () => {
    const ids = newestFirst();
    const { w, asked } = salesWindow();
    await w.refresh();
    const end = ids.length - 1;
    await view(w, end - 15, end);
    asked.length = 0;
    for (let top = end - 15; top > end - 400; top -= 12) expect(await view(w, top - 12, top + 3)).toEqual(ids.slice(top - 12, top + 4));
    expect(asked.length).toBeGreaterThan(3);
    for (const a of asked) expect(a).toMatchObject({ cursor: expect.any(Object), sort: { dir: 'asc' } });
  });

  it('a jump to the middle asks by offset from the nearer end; scrolling on from there goes by keyset', async () => {
    const ids = newestFirst();
    const { w, asked } = salesWindow({ by: 'total', dir: 'asc' });
    await w.refresh();
    const byTotal = core.db.raw
      .prepare(`SELECT id FROM documents WHERE type IN ('sale','return') ORDER BY total, id`)
      .pluck()
      .all() as number[];
    asked.length = 0;
    expect(await view(w, 310, 325)).toEqual(byTotal.slice(310, 326));
    expect(asked[0]).toMatchObject({ offset: 300, limit: PAGE });
    expect(asked[0]!.sort).toBeUndefined();
    // A view across two pages: one skips rows, the other continues from it.
    asked.length = 0;
    expect(await view(w, 690, 710)).toEqual(byTotal.slice(690, 711));
    expect(asked.map((a) => ('offset' in a ? 'offset' : 'cursor'))).toEqual(['offset', 'cursor']);
    asked.length = 0;
    const late = ids.length - 310;
    expect(await view(w, late, late + 15)).toEqual(byTotal.slice(late, late + 16));
    expect(asked[0]).toMatchObject({ sort: { by: 'total', dir: 'desc' } });
    expect(asked[0]!.offset).toBeLessThan(ids.length / 2);
    asked.length = 0;
    for (let top = late; top < late + 200; top += 15) expect(await view(w, top, top + 15)).toEqual(byTotal.slice(top, top + 16));
    for (const a of asked) expect(a.cursor).toBeDefined();
  });

  it('holds a bounded number of pages however far it scrolls', async () => {
    const ids = newestFirst();
    const { w } = salesWindow();
    await w.refresh();
    for (let top = 0; top < ids.length - 20; top += 37) await view(w, top, top + 15);
    expect(w.held).toBeLessThanOrEqual(30);
  });

  it('a refresh fetches the pages in view again, with the count: new sales push the rows down', async () => {
    const { w, asked } = salesWindow();
    await w.refresh();
    await view(w, 600, 615);
    addSales(SALES, 7);
    asked.length = 0;
    const ids = newestFirst();
    expect(await w.refresh()).toBe(ids.length);
    // Until the fresh page is in, the old one stands in; then the rows are the new list's.
    for (let i = 0; i < 500 && w.rowAt(600)!.id !== ids[600]; i++) await new Promise((r) => setTimeout(r, 2));
    expect(await view(w, 600, 615)).toEqual(ids.slice(600, 616));
    // The first page and the pages around the view, nothing else.
    expect(asked.length).toBeLessThanOrEqual(4);
  });
});

describe('a list taller than the scroll cap is scaled onto its rows', () => {
  const million = { count: 1_000_000, height: 600 };

  it('a short list is laid out at its own height, row i at i × the row height', () => {
    const r = rowsInView({ count: 1000, height: 600, scrollTop: 4800 }, 5);
    expect(r.scaled).toBe(false);
    expect(r.height).toBe(1000 * ROW_HEIGHT);
    expect(r.firstVisible).toBe(100);
    expect(r.topOf(123)).toBe(123 * ROW_HEIGHT);
    expect(scrollTopFor({ count: 1000, height: 600, scrollTop: 0 }, 999, 'bottom')).toBe(1000 * ROW_HEIGHT - 600);
  });

  it('a million rows: the box is capped, the top shows the first row and the bottom the last, whole', () => {
    const top = rowsInView({ ...million, scrollTop: 0 }, 5);
    expect(top.scaled).toBe(true);
    expect(top.height).toBe(SCROLL_CAP);
    expect(top.firstVisible).toBe(0);
    expect(top.topOf(0)).toBe(0);
    const maxTop = SCROLL_CAP - million.height;
    const bottom = rowsInView({ ...million, scrollTop: maxTop }, 5);
    expect(bottom.lastVisible).toBe(million.count - 1);
    expect(bottom.last).toBe(million.count - 1);
    // The last row's bottom edge is the view's bottom edge, inside the box.
    expect(bottom.topOf(million.count - 1) + ROW_HEIGHT).toBeCloseTo(maxTop + million.height, 6);
  });

  it('the scroll position maps linearly onto the rows, and any row can be brought to the top', () => {
    const half = rowsInView({ ...million, scrollTop: (SCROLL_CAP - million.height) / 2 }, 5);
    expect(Math.abs(half.firstVisible - million.count / 2)).toBeLessThan(10);
    for (const i of [1, 777, 500_000, 999_980]) {
      const s = scrollTopFor({ ...million, scrollTop: 0 }, i, 'top');
      const r = rowsInView({ ...million, scrollTop: s }, 5);
      expect(Math.round(r.offset / ROW_HEIGHT)).toBe(i);
      // Rows next to each other stay a row apart on screen.
      expect(r.topOf(i + 1) - r.topOf(i)).toBeCloseTo(ROW_HEIGHT, 6);
      expect(r.topOf(r.firstVisible)).toBeLessThanOrEqual(s);
    }
  });
});

describe('a list searched at every key asks for one first page at a time, the newest', () => {
  it('while one answer is on its way, later keys wait and only the last of them is asked; the rest are dropped', async () => {
    const lane = new NewestOnly();
    const asked: string[] = [];
    const answers = new Map<string, (v: string) => void>();
    const ask = (q: string) => () => {
      asked.push(q);
      return new Promise<string>((resolve) => answers.set(q, resolve));
    };
    const s = lane.run(ask('s'));
    const su = lane.run(ask('su'));
    const sun = lane.run(ask('sun'));
    const sund = lane.run(ask('sund'));
    expect(asked).toEqual(['s']);
    answers.get('s')!('answer s');
    expect(await s).toBe('answer s');
    await expect(su).rejects.toMatchObject({ name: 'AbortError' });
    await expect(sun).rejects.toMatchObject({ name: 'AbortError' });
    await Promise.resolve();
    expect(asked).toEqual(['s', 'sund']);
    answers.get('sund')!('answer sund');
    expect(await sund).toBe('answer sund');
    // Idle again: the next key is asked at once.
    const again = lane.run(ask('x'));
    expect(asked).toEqual(['s', 'sund', 'x']);
    answers.get('x')!('answer x');
    expect(await again).toBe('answer x');
  });

  it('a failed answer frees the lane for the one waiting', async () => {
    const lane = new NewestOnly();
    const first = lane.run(() => Promise.reject(new Error('server away')));
    const second = lane.run(() => Promise.resolve('ok'));
    await expect(first).rejects.toThrow('server away');
    expect(await second).toBe('ok');
  });
});
