/**
 * Stock counts. count_post: a count of 10k items posted while the shop traded (each line's book and ledger position
 * taken at its scan, sales of counted items after it), against its floor: the same document, lines and movements
 * inserted with plain prepared statements into a copy of the database taken just before the post. count_scan: a scan
 * typed on one device (a phone-sized page) to its line updated on a second device's count screen, Chromium against
 * the built app, with the same two calls (the scan, the second device's count.get) made over HTTP from Node as floor.
 */
import { randomUUID } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createCore, DB_FILE } from '../core/app';
import { openShift } from '../core/counter/shifts';
import { launchBrowser, startServer } from '../e2e/harness';
import { apiAs, CASHIER, demoBarcode, login as signInPage, OWNER } from '../e2e/helpers-counter';
import { ledgerViolationCount } from './ledger-check';
import { login } from './sale-post';
import { MIGRATIONS, nowMs, rng, tempDir } from './util';

const ok = <T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }, what: string): T => {
  if (!r.ok) throw new Error(`${what}: ${r.error.code}: ${r.error.message}`);
  return r.value;
};

export interface CountPostFigures {
  postMs: number[];
  floorMs: number[];
  lines: number;
  salesDuring: number;
}

/**
 * `rounds` counts of `items` products each, on one shop: every round scans all of them (setup, untimed, at
 * synchronous=NORMAL), sells some counted items, then posts the count at synchronous=FULL, timed; the floor replays
 * the posted rows into a copy taken just before.
 */
export async function benchCountPost(items: number, rounds: number, log: (s: string) => void): Promise<CountPostFigures> {
  const t = tempDir('lavka-bench-count-');
  const core = createCore({
    dataDir: t.dir,
    migrationsDir: MIGRATIONS,
    version: '0.0.0-bench',
    mode: 'local',
    demo: true,
    quickCheck: false,
  });
  const out: CountPostFigures = { postMs: [], floorMs: [], lines: items, salesDuring: 0 };
  try {
    const raw = core.db.raw;
    const first = ((raw.prepare('SELECT COALESCE(MAX(id), 0) AS m FROM products').get() as { m: number }).m ?? 0) + 1;
    const ins = raw.prepare('INSERT INTO products (id, sku, name, unit, price, cost, tax_rate_bp) VALUES (?, ?, ?, ?, ?, ?, 0)');
    raw.transaction(() => {
      for (let i = 0; i < items; i++) ins.run(first + i, `CNT-${i}`, `Count item ${i}`, 'pcs', 20_000, 10_000);
    })();
    const ids = Array.from({ length: items }, (_, i) => first + i);
    const owner = await login(core, 1, '1111');
    raw.pragma('synchronous = NORMAL');
    for (let i = 0; i < ids.length; i += 5000)
      ok(
        await owner('doc.post', {
          type: 'receipt',
          uuid: randomUUID(),
          locationId: 1,
          lines: ids.slice(i, i + 5000).map((productId) => ({ productId, qty: 1_000_000, unitCost: 10_000 })),
        }),
        'receipt',
      );
    openShift(core.db, 1, 1, 0);
    const rand = rng(7);
    for (let r = 0; r < rounds; r++) {
      raw.pragma('synchronous = NORMAL');
      const c = ok(await owner('count.create', { uuid: randomUUID(), mode: 'partial' }), 'count.create');
      // Counted a little off the book now and then, so the document moves stock both ways.
      for (const productId of ids) {
        const off = rand() < 0.1 ? Math.floor(rand() * 5) - 2 : 0;
        ok(await owner('count.scan', { id: c.id, productId, qty: Math.max(0, 1_000_000 - 1000 * r + off * 1000) }), 'count.scan');
      }
      // The shop trades on after the items were counted: those sales stay as posted, the count adds its difference.
      const sales = 200;
      for (let s = 0; s < sales; s++) {
        const lines = Array.from({ length: 3 }, () => ({ productId: ids[Math.floor(rand() * ids.length)]!, qty: 1000 }));
        const uniq = [...new Map(lines.map((l) => [l.productId, l])).values()];
        ok(
          await owner('sale.post', { uuid: randomUUID(), lines: uniq, payments: [{ method: 'cash', amount: 20_000 * uniq.length }] }),
          'sale',
        );
      }
      out.salesDuring += sales;
      raw.pragma('synchronous = FULL');
      raw.pragma('wal_checkpoint(TRUNCATE)');
      const copy = path.join(t.dir, `floor-${r}.sqlite`);
      copyFileSync(path.join(t.dir, DB_FILE), copy);
      const t0 = nowMs();
      const posted = ok(await owner('count.post', { id: c.id }), 'count.post');
      out.postMs.push(nowMs() - t0);
      out.floorMs.push(rawFloor(raw, copy, posted.id));
      const bad = ledgerViolationCount(core.db);
      if (bad) throw new Error(`ledger violated after count ${r}: ${bad} products`);
      log(
        `  count ${r + 1}/${rounds}: ${items} lines posted in ${out.postMs.at(-1)!.toFixed(0)} ms (floor ${out.floorMs.at(-1)!.toFixed(0)} ms)`,
      );
    }
    return out;
  } finally {
    core.close();
    t.cleanup();
  }
}

/** The rows a posted document wrote (header, lines, movements, on-hand), inserted into `copy` with plain statements. */
function rawFloor(from: Database.Database, copy: string, documentId: number): number {
  const doc = from.prepare('SELECT * FROM documents WHERE id = ?').get(documentId) as Record<string, unknown>;
  const lines = from.prepare('SELECT * FROM document_lines WHERE document_id = ? ORDER BY id').all(documentId) as Record<string, unknown>[];
  const moves = from.prepare('SELECT * FROM stock_movements WHERE document_id = ? ORDER BY id').all(documentId) as Record<
    string,
    unknown
  >[];
  const db = new Database(copy);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    const insert = (table: string, row: Record<string, unknown>) =>
      db.prepare(
        `INSERT INTO ${table} (${Object.keys(row).join(', ')}) VALUES (${Object.keys(row)
          .map((k) => `@${k}`)
          .join(', ')})`,
      );
    const insDoc = insert('documents', doc);
    const insLine = insert('document_lines', lines[0]!);
    const insMove = insert('stock_movements', moves[0]!);
    const onHand = db.prepare(
      `INSERT INTO on_hand (product_id, location_id, qty, value) VALUES (?, ?, ?, ?)
       ON CONFLICT (product_id, location_id) DO UPDATE SET qty = qty + excluded.qty, value = value + excluded.value`,
    );
    const t0 = nowMs();
    db.transaction(() => {
      insDoc.run(doc);
      for (const l of lines) insLine.run(l);
      for (const m of moves) {
        insMove.run(m);
        onHand.run(m.product_id, m.location_id, m.qty_delta, m.value_delta);
      }
    })();
    return nowMs() - t0;
  } finally {
    db.close();
  }
}

/** What the pages' probes leave on the window (waitForFunction takes a function: the app's CSP forbids eval). */
interface Probe {
  __hit: number | null;
  document: { querySelector(s: string): { value: string } | null };
}

export interface CountScanFigures {
  scanMs: number[];
  floorMs: number[];
}

/**
 * The built app in browser mode (demo shop): a cashier's phone-sized page types codes into a count, the owner's page
 * (another browser context) shows the same count. Each sample runs from the Enter keydown on the phone to the moment
 * the owner's page has the line with the new figure in its DOM (a MutationObserver; both pages share the machine's
 * clock through performance.timeOrigin).
 */
export async function benchCountScan(scans: number, warmup: number, log: (s: string) => void): Promise<CountScanFigures> {
  const srv = await startServer({ demo: true });
  const browser = await launchBrowser();
  try {
    const owner = await apiAs(srv.url, OWNER);
    const count = await owner<{ id: number }>('count.create', { uuid: randomUUID() });
    const phone = browser.page;
    await phone.setViewportSize({ width: 360, height: 640 });
    await phone.goto(`${srv.url}#/counts/${count.id}`);
    await signInPage(phone, CASHIER);
    await phone.getByTestId('count-screen').waitFor();
    const other = await (await browser.browser.newContext()).newPage();
    await other.goto(`${srv.url}#/counts/${count.id}`);
    await signInPage(other, OWNER);
    await other.getByTestId('count-screen').waitFor();
    // Scripts as text: the bench compiles without the DOM's types.
    await phone.evaluate(
      `document.addEventListener('keydown', (e) => { if (e.key === 'Enter') window.__t0 = performance.timeOrigin + performance.now(); }, true)`,
    );
    await other.evaluate(`
      window.__want = null;
      window.__hit = null;
      new MutationObserver(() => {
        const want = window.__want;
        if (!want || window.__hit !== null) return;
        const el = document.querySelector('[data-testid="count-line"][data-product-id="' + want.p + '"]');
        if (el && el.getAttribute('data-counted') === String(want.c)) window.__hit = performance.timeOrigin + performance.now();
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-counted'] });
    `);
    const counted = new Map<number, number>();
    const out: CountScanFigures = { scanMs: [], floorMs: [] };
    const code = phone.getByTestId('count-code');
    for (let i = 0; i < warmup + scans; i++) {
      const p = 1 + (i % 100);
      const c = (counted.get(p) ?? 0) + 1000;
      counted.set(p, c);
      await other.evaluate(`window.__hit = null; window.__want = { p: ${p}, c: ${c} };`);
      await code.fill(demoBarcode(p));
      await code.press('Enter');
      const hit = (await (
        await other.waitForFunction(() => (globalThis as unknown as Probe).__hit, null, { timeout: 10_000 })
      ).jsonValue()) as number;
      const t0 = (await phone.evaluate('window.__t0')) as number;
      // The phone's own answer must have landed too before the next code (its field is cleared then).
      await phone.waitForFunction(
        () => (globalThis as unknown as Probe).document.querySelector('[data-testid="count-code"]')?.value === '',
      );
      if (i >= warmup) out.scanMs.push(hit - t0);
    }
    // Floor: the same two calls over HTTP from Node, no browser: the phone's scan, then the other device's read.
    const cashier = await apiAs(srv.url, CASHIER);
    for (let i = 0; i < scans; i++) {
      const t0 = nowMs();
      await cashier('count.scan', { id: count.id, code: demoBarcode(101 + (i % 100)), recount: 'add' });
      await owner('count.get', { id: count.id });
      out.floorMs.push(nowMs() - t0);
    }
    log(`  ${scans} count scans seen on the second device`);
    return out;
  } finally {
    await browser.close();
    await srv.stop();
  }
}
