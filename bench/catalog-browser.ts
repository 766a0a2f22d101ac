/**
 * The owner's catalog of 200k products in Chromium against browser mode (the built server on a copy of the bench
 * catalog, as bench/scan.ts runs it):
 * (a) scrolling end to end: the scroll bar moved from the top to the bottom over SCROLL_FRAMES frames (one step a
 *     frame, as a drag of the thumb does), every frame's time (rAF to rAF) recorded; floor: the same page's frames
 *     when nothing scrolls, same run (headless Chromium's own frame pacing);
 * (b) a category filter: the select changed, time until its first rows are painted;
 * (c) search as you type: a word typed into the catalog's search field at ~12 keys a second; time from the last
 *     key's keydown to the matching rows painted, watched from the page (armed before that key: the harness holds
 *     each key down KEY_GAP_MS, and its own round trip is no part of the page's latency). Painted: the rows are seen
 *     at a frame's rAF and a task posted from there has run, after that frame's style, layout and paint (bench/scan.ts
 *     stamps a line the same way); search_as_you_type_next_frame_p95_ms keeps the older stamp, the next frame's rAF.
 *     Floor: the same catalog.list call (first page, counted) called directly on a read-only connection to the same
 *     database, same run.
 */
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { dataFiles, DB_FILE } from '../core/app';
import { listBackups } from '../core/backup';
import { listCatalog } from '../db/queries/catalog-list';
import { openReadOnly } from '../db/readonly';
import { launchBrowser, startServer } from '../e2e/harness';
import { login, OWNER } from '../e2e/helpers-counter';
import { nowMs, percentile, rng, round, tempDir, type Figures } from './util';

const SCROLL_FRAMES = 600;
const KEY_GAP_MS = 80;
const p95 = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    95,
  );

/** In-page helpers, installed as window.__catBench (plain JS: the page has no bundler). */
const IN_PAGE = `window.__catBench = (() => {
  const raf = () => new Promise((r) => requestAnimationFrame(() => r()));
  const region = () => document.querySelector('[data-testid="catalog-table"]');
  const longTasks = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) longTasks.push(e.duration); }).observe({ type: 'longtask' });
  function settled(firstId) {
    const el = region();
    const table = el.querySelector('[role="table"]');
    if (table.getAttribute('aria-busy') !== 'false') return false;
    const rows = el.querySelectorAll('[role="rowgroup"] + [role="rowgroup"] > [role="row"]');
    let first = null;
    for (const r of rows) if (Number(r.getAttribute('aria-rowindex')) === 2) first = r;
    return !!first && first.getAttribute('data-testid') === 'catalog-row-' + firstId;
  }
  return {
    async idleFrames(n) {
      const out = []; let last = await new Promise((r) => requestAnimationFrame(r));
      for (let i = 0; i < n; i++) { const t = await new Promise((r) => requestAnimationFrame(r)); out.push(t - last); last = t; }
      return out;
    },
    async scrollThrough(steps) {
      const el = region();
      const frames = []; let last = await new Promise((r) => requestAnimationFrame(r));
      longTasks.length = 0;
      for (let k = 1; k <= steps; k++) {
        el.scrollTop = ((el.scrollHeight - el.clientHeight) * k) / steps;
        const t = await new Promise((r) => requestAnimationFrame(r));
        frames.push(t - last); last = t;
      }
      const t0 = performance.now();
      for (;;) {
        await raf();
        const table = el.querySelector('[role="table"]');
        const count = Number(table.getAttribute('aria-rowcount')) - 1;
        const last = el.querySelector('[role="row"][aria-rowindex="' + (count + 1) + '"]');
        if (last && !last.hasAttribute('data-placeholder') && table.getAttribute('aria-busy') === 'false') break;
        if (performance.now() - t0 > 30000) throw new Error('the last row never painted');
      }
      return { frames, lastRowMs: performance.now() - t0, longTasks: longTasks.slice() };
    },
    /**
     * Armed before the last key is pressed: from that key's keydown until the first row is firstId and nothing in view
     * waits (watching from the page, so the harness's own pause after a key and its round trip are not counted).
     */
    arm(firstId) {
      let keyAt = 0;
      const pressed = new Promise((r) => document.addEventListener('keydown', () => { keyAt = performance.now(); r(); }, { capture: true, once: true }));
      window.__catBench.armed = pressed.then(async () => {
        for (;;) {
          await raf();
          if (settled(firstId)) {
            // Seen at this frame's rAF, so this frame paints them; a task posted now runs once its style, layout and
            // paint are done (as bench/scan.ts stamps a line painted). The next frame's rAF, the old stamp, is kept
            // beside it: it adds most of a frame after the paint.
            const painted = await new Promise((r) => { const ch = new MessageChannel(); ch.port1.onmessage = () => r(performance.now()); ch.port2.postMessage(0); });
            await raf();
            return { painted: painted - keyAt, nextFrame: performance.now() - keyAt };
          }
          if (performance.now() - keyAt > 30000) throw new Error('rows for ' + firstId + ' never painted');
        }
      });
    },
    /** From now until the first row is firstId and nothing in view waits. */
    async until(firstId) {
      const t0 = performance.now();
      for (;;) {
        await raf();
        if (settled(firstId)) { await raf(); return performance.now() - t0; }
        if (performance.now() - t0 > 30000) throw new Error('rows for ' + firstId + ' never painted');
      }
    },
  };
})();`;

export async function benchCatalogBrowser(file: string, searches: number, log: (s: string) => void): Promise<Figures> {
  const t = tempDir('lavka-bench-catalog-ui-');
  copyFileSync(file, path.join(t.dir, DB_FILE));
  const srv = await startServer({ dataDir: t.dir, demo: false });
  const started = nowMs();
  // As in bench/scan.ts: the copy starts with its daily backup; measure once it is done.
  while (!listBackups(dataFiles(t.dir).backupDir).some((b) => b.reason === 'daily')) {
    if (nowMs() - started > 600_000) throw new Error('the start-up daily backup did not finish within 10 minutes');
    await new Promise((r) => setTimeout(r, 250));
  }
  const db = openReadOnly(file);
  let browser: Awaited<ReturnType<typeof launchBrowser>> | null = null;
  const f: Figures = {};
  try {
    browser = await launchBrowser();
    const page = browser.page;
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.stack ?? e.message));
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(srv.url);
    await login(page, OWNER);
    await page.mouse.move(1, 1);
    const firstOf = (filters: Parameters<typeof listCatalog>[1]['filters']) =>
      listCatalog(db, { limit: 100, sort: { by: 'name', dir: 'asc' }, filters }).rows[0]!.id;
    const all = { archived: 'active' as const };

    let t0 = nowMs();
    await page.goto(`${srv.url}#/catalog`);
    await page.evaluate(IN_PAGE);
    await page.evaluate(`window.__catBench.until(${firstOf(all)})`);
    f.catalog_open_ms = round(nowMs() - t0, 0);
    const count = Number(await page.getByTestId('catalog-count').getAttribute('data-count'));
    log(`  catalog opened with ${count} products in ${f.catalog_open_ms} ms`);

    // (a) Idle frames, then the scroll bar from the top to the bottom.
    const idle = (await page.evaluate('window.__catBench.idleFrames(300)')) as number[];
    const scroll = (await page.evaluate(`window.__catBench.scrollThrough(${SCROLL_FRAMES})`)) as {
      frames: number[];
      lastRowMs: number;
      longTasks: number[];
    };
    f.catalog_scroll_frame_p95_ms = round(p95(scroll.frames), 1);
    f.catalog_scroll_frame_floor_p95_ms = round(p95(idle), 1);
    f.catalog_scroll_frame_max_ms = round(Math.max(...scroll.frames), 1);
    f.catalog_scroll_last_row_ms = round(scroll.lastRowMs, 0);
    f.catalog_scroll_long_tasks = scroll.longTasks.length;
    f.catalog_scroll_long_task_ms = round(
      scroll.longTasks.reduce((a, b) => a + b, 0),
      0,
    );
    log(
      `  scroll end to end in ${SCROLL_FRAMES} frames: frame p95 ${f.catalog_scroll_frame_p95_ms} ms (idle page ${f.catalog_scroll_frame_floor_p95_ms} ms), max ${f.catalog_scroll_frame_max_ms} ms, ${f.catalog_scroll_long_tasks} long tasks (${f.catalog_scroll_long_task_ms} ms); last row painted ${f.catalog_scroll_last_row_ms} ms after`,
    );

    // (b) A category filter from the select.
    const group = db.raw.prepare('SELECT id, name FROM categories WHERE parent_id IS NULL ORDER BY id LIMIT 1').get() as { id: number };
    await page.evaluate('document.querySelector(\'[data-testid="catalog-table"]\').scrollTop = 0');
    t0 = nowMs();
    await page.getByTestId('catalog-category').selectOption(String(group.id));
    await page.evaluate(`window.__catBench.until(${firstOf({ ...all, categoryId: group.id })})`);
    f.catalog_filter_ms = round(nowMs() - t0, 0);
    const filtered = Number(await page.getByTestId('catalog-count').getAttribute('data-count'));
    log(`  category filter: ${filtered} products, first rows painted in ${f.catalog_filter_ms} ms`);
    await page.getByTestId('catalog-clear').click();
    await page.evaluate(`window.__catBench.until(${firstOf(all)})`);

    // (c) Search as you type: brand words of 4-7 letters, each typed into an empty field.
    const names = db.raw.prepare('SELECT name FROM products WHERE id % 997 = 0 AND active = 1').pluck().all() as string[];
    const rand = rng(11);
    const typed: number[] = [];
    const typedNextFrame: number[] = [];
    const floor: number[] = [];
    const field = page.getByTestId('catalog-search');
    for (let i = 0; i < searches; i++) {
      const brand = names[Math.floor(rand() * names.length)]!.split(' ').find((w) => /^[A-Z][a-z]{3,}$/.test(w));
      if (!brand) continue;
      const word = brand.slice(0, 4 + Math.floor(rand() * Math.min(4, brand.length - 3)));
      const filters = { ...all, q: word };
      const q0 = nowMs();
      const expected = listCatalog(db, { limit: 100, sort: { by: 'name', dir: 'asc' }, filters });
      floor.push(nowMs() - q0);
      if (!expected.rows.length) continue;
      await field.click();
      await page.keyboard.type(word.slice(0, -1), { delay: KEY_GAP_MS });
      await page.evaluate(`window.__catBench.arm(${expected.rows[0]!.id})`);
      await page.keyboard.press(word.slice(-1), { delay: KEY_GAP_MS });
      const stamp = (await page.evaluate('window.__catBench.armed')) as { painted: number; nextFrame: number };
      typed.push(stamp.painted);
      typedNextFrame.push(stamp.nextFrame);
      await field.fill('');
      await page.evaluate(`window.__catBench.until(${firstOf(all)})`);
    }
    f.search_as_you_type_p95_ms = round(p95(typed), 1);
    f.search_as_you_type_p50_ms = round(
      percentile(
        [...typed].sort((a, b) => a - b),
        50,
      ),
      1,
    );
    f.search_as_you_type_next_frame_p95_ms = round(p95(typedNextFrame), 1);
    f.search_as_you_type_floor_p95_ms = round(p95(floor), 2);
    f.search_as_you_type_samples = typed.length;
    log(
      `  search as you type (${typed.length} words): last key to rows painted p50 ${f.search_as_you_type_p50_ms} ms, p95 ${f.search_as_you_type_p95_ms} ms (to the next frame's start p95 ${f.search_as_you_type_next_frame_p95_ms} ms; the list query alone p95 ${f.search_as_you_type_floor_p95_ms} ms)`,
    );
    if (problems.length) throw new Error(`page errors: ${problems.join('\n')}`);
    return f;
  } finally {
    await browser?.close();
    await srv.stop();
    db.raw.close();
    t.cleanup();
  }
}
