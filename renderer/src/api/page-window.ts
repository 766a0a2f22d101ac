import type { PageCursor } from './types';

/** Where one request starts: after a cursor or at an offset, walked in the list's sort or the flipped one. */
export interface PageRequest {
  cursor?: PageCursor;
  offset?: number;
  limit: number;
  /** Walk the opposite direction (the rows come back reversed). */
  flip: boolean;
}
export type FetchPage<Row> = (req: PageRequest) => Promise<{ rows: Row[] }>;
export type FetchFirst<Row> = () => Promise<{ rows: Row[]; count: number | null }>;

/** Pages kept besides those in view; the farthest from the view go first. */
const KEEP_PAGES = 24;
/** Requests at once: a scroll bar dragged through a million rows asks only for where it is now, not every stop. */
const IN_FLIGHT = 2;

/**
 * A long list as a sparse cache of fixed-size pages by page index, for a table that renders by row index. A page next
 * to a loaded one continues from it by keyset (the page before one walks the flipped sort from its first row); a page
 * with no loaded neighbour is a jump, asked by offset from the nearer end of the list (the flipped sort from the end),
 * so both ends are cheap. Only the pages covering the view (and a margin) are asked for; far pages are dropped.
 */
export class PageWindow<Row> {
  count: number | null = null;
  error: unknown = null;
  private pages = new Map<number, Row[]>();
  /** The previous refresh's pages: shown until their fresh copies arrive, never used as a keyset neighbour. */
  private stale = new Map<number, Row[]>();
  private loading = new Set<number>();
  private failed = new Set<number>();
  private generation = 0;
  private view = { first: 0, last: 0 };
  private version = 0;
  private listeners = new Set<() => void>();

  constructor(
    private readonly size: number,
    private readonly fetchFirst: FetchFirst<Row>,
    private readonly fetchPage: FetchPage<Row>,
    private readonly cursorOf: (row: Row) => PageCursor,
  ) {}

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };
  getVersion = () => this.version;
  /** Pages held, fresh and stale (bounded: far pages are dropped). */
  get held(): number {
    return this.pages.size + this.stale.size;
  }

  rowAt = (index: number): Row | undefined => {
    const p = Math.floor(index / this.size);
    const at = index - p * this.size;
    return this.pages.get(p)?.[at] ?? this.stale.get(p)?.[at];
  };

  /** The rows in view (indexes, inclusive) changed: fetch what covers them. */
  setView = (first: number, last: number) => {
    this.view = { first, last };
    this.pump();
  };

  /**
   * The first page (with the count), then the pages in view again: what a list needs when it opens and when an event
   * makes it stale. Other cached pages are dropped, so a later scroll reads them fresh.
   */
  refresh = async (): Promise<number> => {
    const gen = ++this.generation;
    this.stale = new Map([...this.stale, ...this.pages]);
    this.pages = new Map();
    this.loading.clear();
    this.failed.clear();
    try {
      const first = await this.fetchFirst();
      if (gen !== this.generation) return first.count ?? 0;
      this.count = first.count ?? 0;
      this.pages.set(0, first.rows);
      this.stale.delete(0);
      this.error = null;
    } catch (e) {
      if (gen === this.generation) {
        this.error = e;
        this.changed();
      }
      throw e;
    }
    this.dropStaleOutOfView();
    this.changed();
    this.pump();
    return this.count;
  };

  private changed() {
    this.version++;
    for (const l of this.listeners) l();
  }

  private pagesWanted(): number[] {
    if (this.count === null || this.count === 0) return [];
    const margin = Math.ceil(this.size / 2);
    const lastIndex = this.count - 1;
    const from = Math.floor(Math.max(0, Math.min(this.view.first, lastIndex)) / this.size);
    const to = Math.floor(Math.min(this.view.last, lastIndex) / this.size);
    const before = Math.floor(Math.max(0, this.view.first - margin) / this.size);
    const after = Math.floor(Math.min(lastIndex, Math.max(this.view.last, 0) + margin) / this.size);
    const wanted: number[] = [];
    for (let p = from; p <= to; p++) wanted.push(p);
    for (let p = to + 1; p <= after; p++) wanted.push(p);
    for (let p = from - 1; p >= before; p--) wanted.push(p);
    return wanted;
  }

  private pump() {
    for (const p of this.pagesWanted()) {
      if (this.loading.size >= IN_FLIGHT) return;
      if (this.pages.has(p) || this.loading.has(p) || this.failed.has(p)) continue;
      // Next to a page on its way: wait for it and continue from it by keyset rather than skip rows a second time.
      const near = this.pages.has(p - 1) || this.pages.has(p + 1);
      if (!near && (this.loading.has(p - 1) || this.loading.has(p + 1))) continue;
      void this.load(p);
    }
  }

  /** How page p is asked for: keyset from a loaded neighbour, else an offset from the nearer end. */
  private requestFor(p: number, count: number): PageRequest {
    const start = p * this.size;
    const end = Math.min(count, start + this.size);
    const prev = this.pages.get(p - 1);
    if (prev?.length === this.size) return { cursor: this.cursorOf(prev[prev.length - 1]!), limit: end - start, flip: false };
    const next = this.pages.get(p + 1);
    if (next?.length) return { cursor: this.cursorOf(next[0]!), limit: end - start, flip: true };
    if (start <= count - end) return { offset: start, limit: end - start, flip: false };
    return { offset: count - end, limit: end - start, flip: true };
  }

  private async load(p: number) {
    const gen = this.generation;
    const req = this.requestFor(p, this.count!);
    this.loading.add(p);
    try {
      const { rows } = await this.fetchPage(req);
      if (gen !== this.generation) return;
      this.pages.set(p, req.flip ? [...rows].reverse() : rows);
      this.stale.delete(p);
      this.evict();
    } catch (e) {
      if (gen !== this.generation) return;
      // Not asked again until the next refresh: a failing server is not hammered by every scroll.
      this.failed.add(p);
      this.error = e;
    } finally {
      if (gen === this.generation) this.loading.delete(p);
    }
    this.changed();
    this.pump();
  }

  private evict() {
    if (this.pages.size <= KEEP_PAGES) return;
    const mid = (this.view.first + this.view.last) / 2 / this.size;
    const far = [...this.pages.keys()].sort((a, b) => Math.abs(b - mid) - Math.abs(a - mid));
    for (const p of far.slice(0, this.pages.size - KEEP_PAGES)) this.pages.delete(p);
  }

  private dropStaleOutOfView() {
    const from = Math.floor(this.view.first / this.size) - 1;
    const to = Math.floor(this.view.last / this.size) + 1;
    for (const p of this.stale.keys()) if (p < from || p > to) this.stale.delete(p);
  }
}

/**
 * A PageWindow over one list method: `call` sends the list's input (sort, filters) with the start given. The first
 * page comes with the count; a flipped walk is the same input with the sort's direction turned round.
 */
export function pageWindow<Row>(
  size: number,
  sort: { by: string; dir: 'asc' | 'desc' },
  call: (start: { limit: number; cursor?: PageCursor; offset?: number; withCount?: boolean; sort?: typeof sort }) => Promise<{
    rows: Row[];
    count: number | null;
  }>,
  idOf: (row: Row) => number,
): PageWindow<Row> {
  const flipped = { by: sort.by, dir: sort.dir === 'asc' ? ('desc' as const) : ('asc' as const) };
  return new PageWindow<Row>(
    size,
    () => call({ limit: size }),
    ({ flip, ...start }) => call({ ...start, withCount: false, ...(flip ? { sort: flipped } : {}) }),
    (row) => ({ key: (row as Record<string, string | number>)[sort.by]!, id: idOf(row) }),
  );
}

/**
 * One request of a kind on its way at a time, newest first: while one is out, a new one waits, and a newer one still
 * replaces it (the replaced one rejects as aborted). A list searched as the user types asks for its first page at
 * every key; the server answers one list query at a time, so the answer for the last key would otherwise queue behind
 * those for every key before it.
 */
export class NewestOnly {
  private busy = false;
  private waiting: { run: () => Promise<unknown>; resolve(v: unknown): void; reject(e: unknown): void } | null = null;

  run<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.busy) return this.start(fn);
    return new Promise<T>((resolve, reject) => {
      this.waiting?.reject(new DOMException('a newer request replaced this one', 'AbortError'));
      this.waiting = { run: fn, resolve: resolve as (v: unknown) => void, reject };
    });
  }

  private start<T>(fn: () => Promise<T>): Promise<T> {
    this.busy = true;
    const p = fn();
    const next = () => {
      this.busy = false;
      const w = this.waiting;
      this.waiting = null;
      if (w) this.start(w.run).then(w.resolve, w.reject);
    };
    p.then(next, next);
    return p;
  }
}
