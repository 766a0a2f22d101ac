/**
 * Scan to line on screen, in Chromium against browser mode: the built server (dist/server/serve.mjs) on a copy of the
 * cached catalog db (demo shop + N products), the demo cashier logged in on the sale screen, a shift open (by the UI).
 *
 * Each scan is typed as a keyboard-wedge scanner does: the digits ~5 ms apart, then Enter (see ScanTyping). The clock
 * starts in a capture-phase keydown listener on the window, registered before the app's own (addInitScript), at
 * performance.now() on the keydown of Enter: the scan's terminator, the key on which the wedge detector
 * (renderer/src/scanner/) decides, so the last scanned character. It stops when the line is painted: a MutationObserver
 * sees the cart lines change (a new sale-line row, or a row's data-qty grew), then the frame after that DOM change
 * (requestAnimationFrame), then a task posted from that rAF, which runs once that frame's style, layout and paint are
 * done. Deltas are kept in the page and read at the end. Segments: the cart.scan call as the app sent it (a frame on
 * the api socket, or a wrapped fetch('/api/cart.scan') with its resource timing when the socket is not open) and its
 * answer, the server's own time (the socket answer's `ms`, or Server-Timing), the DOM change, the rAF.
 *
 * The bench must not perturb what it measures: it waits on a promise in the page rather than polling on rAF, parks
 * the mouse in a corner (a till's touch screen has no resting pointer over the lines), and lets the park dialog's
 * closing fade end before the next sale's first scan.
 */
import { copyFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { createCore, dataFiles, DB_FILE } from '../core/app';
import { listBackups } from '../core/backup';
import { launchBrowser, startServer } from '../e2e/harness';
import { CASHIER, ensureShift, login } from '../e2e/helpers-counter';
import { benchBarcode } from './catalog-db';
import type { ScanFloor } from './scan-floor';
import { MIGRATIONS, nowMs, ROOT, rng, tempDir } from './util';

export interface ScanSample {
  /** False for warm-up scans. */
  timed: boolean;
  /** Enter keydown -> painted. */
  total: number;
  /**
   * Enter keydown -> the frame's rAF after the DOM change: before that frame's paint, but not always before its layout
   * (with the pointer over the page, Chromium's hover check at the frame's start lays the page out first).
   */
  toRaf: number;
  /** Enter -> the app called fetch('/api/cart.scan'). */
  toFetch: number | null;
  /** Enter -> the answer reached the page's JS (fetch resolved, or the socket's message). */
  toAnswer: number | null;
  /** fetch called -> its promise resolved (headers), as the page's JS saw it. */
  http: number | null;
  /** Resource timing of that request, from Enter: request sent, first byte, last byte. */
  reqStart: number | null;
  resStart: number | null;
  resEnd: number | null;
  toDom: number;
  /** The server's Server-Timing for that request: reading the body, and core.call (over the socket: its `ms`). */
  srvBody: number | null;
  srvCore: number | null;
  /** How the app sent the scan: over the api socket or a POST. */
  via: 'socket' | 'post' | null;
  /** performance.now() at the listener minus the event's timeStamp: input queueing before any listener ran. */
  inputLag: number;
  /** Largest gap between the scan's keydowns (event timeStamps). */
  maxKeyGap: number;
  /** performance.now() at the Enter listener. */
  at: number;
}

export interface ScanResult {
  samples: ScanSample[];
  /** Enters that reached a bubble-phase window listener: the wedge detector did not take them as scans. */
  wedgeMissed: number;
  /** Scans the server refused (a burst split by a long gap reads as a wrong code), left out of the samples. */
  failures: string[];
  /** Timed scans during which the page's main thread ran a task over 50 ms. */
  withLongTask: number;
  typing: ScanTyping;
  /**
   * The same scans' cart.scan in process (core.caller, same db after the browser run), back to back. Empty with
   * background work (`during`), like corePacedMs.
   */
  coreMs: number[];
  /**
   * The first 200 again with the bench's pause before each (SCAN_PAUSE_MS): what the same code costs once the machine
   * has idled, as it does between the timed scans. The socket's own figure (srvCore) is to be read against this one.
   * Empty with background work (`during`).
   */
  corePacedMs: number[];
  builtS: number | null;
  staleBuild: string | null;
  /** The catalog database scanned and the codes drawn from it: the floor scans the same. */
  dbFile: string;
  codes: string[];
}

const SERVE = path.join(ROOT, 'dist', 'server', 'serve.mjs');
const RENDERER = path.join(ROOT, 'dist', 'renderer', 'index.html');
const SOURCES = ['renderer/src', 'core', 'db', 'server'].map((d) => path.join(ROOT, d));

function newestSource(): { file: string; mtimeMs: number } {
  let best = { file: '', mtimeMs: 0 };
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const f = path.join(dir, e.name);
      if (e.isDirectory()) walk(f);
      else {
        const m = statSync(f).mtimeMs;
        if (m > best.mtimeMs) best = { file: f, mtimeMs: m };
      }
    }
  };
  for (const d of SOURCES) if (existsSync(d)) walk(d);
  return best;
}

/** Throws when the build is missing; a note when it is older than the newest source file (it is measured anyway). */
export function checkBuild(): string | null {
  const missing = [SERVE, RENDERER].filter((f) => !existsSync(f));
  if (missing.length)
    throw new Error(
      `${missing.map((f) => path.relative(ROOT, f)).join(' and ')} missing: the scan bench runs the built app; run \`npm run build && npm run bench\` (or pass --skip-scan)`,
    );
  const built = Math.min(statSync(SERVE).mtimeMs, statSync(RENDERER).mtimeMs);
  const src = newestSource();
  return src.mtimeMs > built
    ? `the build is older than ${path.relative(ROOT, src.file)}: it measures the app as last built (npm run build first)`
    : null;
}

/**
 * Installed before the app's scripts, so its capture listener runs before the wedge detector's. Plain JS in a string:
 * the bench compiles without DOM types (tsconfig.node.json), which keeps DOM globals out of core/ and db/.
 */
export const INSTRUMENT = `(() => {
  const sb = { active: false, timed: false, pending: false, t0: 0, lag: 0, base: '', fetchStart: null, fetchEnd: null, srvMs: null, via: null, samples: [], failures: [], wedgeMissed: 0, lastKey: 0, maxGap: 0, longTasks: [] };
  window.__scanBench = sb;
  // The bench waits on this promise instead of polling the page: Playwright's default waitForFunction polls on
  // requestAnimationFrame, which keeps the page producing frames and ties the scanned line's paint to the next vsync.
  const waiters = [];
  sb.waitFor = (k, ms) => new Promise((resolve, reject) => {
    const w = { k, resolve };
    waiters.push(w);
    sb.wake();
    setTimeout(() => reject(new Error('no sample within ' + ms + ' ms')), ms);
  });
  sb.wake = () => {
    const n = sb.samples.length + sb.failures.length;
    for (const w of waiters.splice(0)) (n > w.k ? w.resolve(n) : waiters.push(w));
  };
  performance.setResourceTimingBufferSize(100000);
  const sig = () => {
    let n = 0, q = 0;
    for (const r of document.querySelectorAll('[data-testid="sale-line"]')) { n++; q += Number(r.getAttribute('data-qty')); }
    return n + ':' + q;
  };
  window.addEventListener('keydown', (e) => {
    if (!sb.active) return;
    // Largest gap between a scan's keys as the page stamped them (the wedge detector splits bursts at 100 ms).
    if (e.key !== 'Enter' && sb.lastKey) sb.maxGap = Math.max(sb.maxGap, e.timeStamp - sb.lastKey);
    sb.lastKey = e.key === 'Enter' ? 0 : e.timeStamp;
    if (e.key !== 'Enter') return;
    sb.t0 = performance.now();
    sb.lag = sb.t0 - e.timeStamp;
    sb.base = sig();
    sb.fetchStart = sb.fetchEnd = sb.srvMs = sb.via = null;
    sb.pending = true;
  }, { capture: true });
  // The wedge listener swallows a scan's Enter (stopImmediatePropagation, capture phase): one reaching here was not.
  window.addEventListener('keydown', (e) => { if (sb.active && e.key === 'Enter') sb.wedgeMissed++; });
  // Main-thread tasks over 50 ms: what a slow scan waited behind.
  new PerformanceObserver((l) => { for (const e of l.getEntries()) if (sb.active) sb.longTasks.push([e.startTime, e.duration]); }).observe({ type: 'longtask' });
  // Calls go over the api socket (renderer/src/api/http.ts) once it is open: time the cart.scan frame and its answer.
  const send0 = WebSocket.prototype.send;
  const scanIds = new Set();
  WebSocket.prototype.send = function (data) {
    if (sb.pending && typeof data === 'string' && data.includes('"method":"cart.scan"')) {
      scanIds.add(JSON.parse(data).id);
      sb.fetchStart = performance.now();
      sb.via = 'socket';
    }
    return send0.call(this, data);
  };
  const WS0 = window.WebSocket;
  window.WebSocket = class extends WS0 {
    constructor(...args) {
      super(...args);
      // Registered before the app sets onmessage, so it runs first: the time the answer reached the page's JS.
      this.addEventListener('message', (m) => {
        if (!scanIds.size) return;
        const reply = JSON.parse(m.data);
        if (!scanIds.delete(reply.id)) return;
        sb.fetchEnd = performance.now();
        sb.srvMs = reply.ms;
        if (!reply.result.ok) { sb.pending = false; sb.failures.push(reply.result.error.code + ': ' + reply.result.error.message); sb.wake(); }
      });
    }
  };
  const fetch0 = window.fetch;
  window.fetch = function (input, init) {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!sb.pending || !url.includes('/api/cart.scan')) return fetch0.call(this, input, init);
    sb.fetchStart = performance.now();
    sb.via = 'post';
    return fetch0.call(this, input, init).then((r) => {
      sb.fetchEnd = performance.now();
      // A refused scan (misread, unknown code) changes no line: record it so the bench does not wait for one.
      if (!r.ok) r.clone().json().then((b) => { sb.pending = false; sb.failures.push(b.error ? b.error.code + ': ' + b.error.message : String(r.status)); sb.wake(); }, () => {});
      return r;
    });
  };
  new MutationObserver(() => {
    if (!sb.pending || sig() === sb.base) return;
    sb.pending = false;
    const { t0, lag, fetchStart, fetchEnd, maxGap, timed, srvMs, via } = sb;
    sb.maxGap = 0;
    const tDom = performance.now();
    requestAnimationFrame(() => {
      const tRaf = performance.now();
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        const now = performance.now();
        // The request as the network stack saw it (resource timing), apart from when the page's main thread got to it.
        const net = performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/cart.scan') && e.startTime >= t0).pop();
        performance.clearResourceTimings();
        sb.samples.push({
          timed,
          total: now - t0,
          toRaf: tRaf - t0,
          toFetch: fetchStart === null ? null : fetchStart - t0,
          http: fetchStart === null || fetchEnd === null ? null : fetchEnd - fetchStart,
          toAnswer: fetchEnd === null ? null : fetchEnd - t0,
          reqStart: net && net.requestStart ? net.requestStart - t0 : null,
          resStart: net && net.responseStart ? net.responseStart - t0 : null,
          resEnd: net && net.responseEnd ? net.responseEnd - t0 : null,
          toDom: tDom - t0,
          srvBody: net ? (net.serverTiming.find((x) => x.name === 'body') || { duration: null }).duration : null,
          srvCore: net ? (net.serverTiming.find((x) => x.name === 'core') || { duration: null }).duration : srvMs,
          via,
          inputLag: lag,
          maxKeyGap: maxGap,
          at: t0,
        });
        sb.wake();
      };
      ch.port2.postMessage(0);
    });
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-qty'] });
})();`;

/**
 * How the keys are sent. 'cdp' (default): Input.dispatchKeyEvent every `gapMs`, stamped when sent (at most 2 * gapMs
 * apart) and not waiting for the page to handle each, as a wedge's USB reports arrive at their own pace and keep their
 * time however busy the machine is (the wedge detector times keys by event.timeStamp; the bench's clock starts at the
 * Enter listener). 'keyboard': page.keyboard.type(code,
 * {delay}) then press('Enter'); playwright waits until each key is handled and the browser stamps it on arrival, so a
 * busy machine stretches the gaps past the detector's 100 ms and splits scans (refused as misreads).
 */
export type ScanTyping = 'cdp' | 'keyboard';

export async function typer(page: Page, typing: ScanTyping, gapMs: number): Promise<(code: string) => Promise<void>> {
  if (typing === 'keyboard') {
    return async (code) => {
      await page.keyboard.type(code, { delay: gapMs });
      await page.keyboard.press('Enter');
    };
  }
  const cdp = await page.context().newCDPSession(page);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  return async (code) => {
    if (!/^\d+$/.test(code)) throw new Error(`only digit codes are typed: ${code}`);
    const sent: Promise<unknown>[] = [];
    // The scanner's clock: the time of sending, but never more than 2 * gapMs after the previous key (this process may
    // stall on a busy machine; a scanner does not).
    let last = 0;
    const key = (key: string, keyCode: string, vk: number, text: string) => {
      const now = performance.timeOrigin + performance.now();
      last = last ? Math.min(now, last + 2 * gapMs) : now;
      const timestamp = last / 1000; // seconds since the epoch
      sent.push(
        cdp.send('Input.dispatchKeyEvent', {
          type: 'keyDown',
          key,
          code: keyCode,
          windowsVirtualKeyCode: vk,
          text,
          unmodifiedText: text,
          timestamp,
        }),
      );
      sent.push(
        cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key, code: keyCode, windowsVirtualKeyCode: vk, timestamp: timestamp + 0.002 }),
      );
    };
    for (const ch of code) {
      key(ch, `Digit${ch}`, ch.charCodeAt(0), ch);
      await sleep(gapMs);
    }
    key('Enter', 'Enter', 13, '\r');
    await Promise.all(sent);
  };
}

/** The pause after each scan's line has painted, before the next scan is typed: a quick cashier. */
export const SCAN_PAUSE_MS = 100;

/**
 * cart.scan through core.caller as the cashier, on the server's data dir once it has stopped; parked every perCart;
 * `pauseMs` idle before each scan (0: back to back).
 */
async function coreScans(dataDir: string, codes: string[], perCart: number, pauseMs: number): Promise<number[]> {
  const core = createCore({ dataDir, migrationsDir: MIGRATIONS, version: '0.0.0-bench', mode: 'local', quickCheck: false });
  try {
    const r = await core.call({ session: null }, 'auth.login', { userId: CASHIER.id, pin: CASHIER.pin });
    if (!r.ok) throw new Error(`cashier login failed: ${r.error.message}`);
    const api = core.caller({ session: core.sessions.get((r.value as { token: string }).token) });
    const cartId = async (): Promise<number> => {
      const c = await api('cart.current', {});
      if (!c.ok) throw new Error(`cart.current: ${c.error.message}`);
      const cart = c.value as { id: number; lines: unknown[] };
      if (!cart.lines.length) return cart.id;
      // The browser's last sale is still open: put it aside first.
      const p = await api('cart.park', { cartId: cart.id });
      if (!p.ok) throw new Error(`cart.park: ${p.error.message}`);
      return cartId();
    };
    let id = await cartId();
    const ms: number[] = [];
    for (let i = 0; i < codes.length; i++) {
      if (i > 0 && i % perCart === 0) id = await cartId();
      if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
      const t0 = nowMs();
      const x = await api('cart.scan', { cartId: id, code: codes[i]! });
      ms.push(nowMs() - t0);
      if (!x.ok) throw new Error(`cart.scan ${codes[i]}: ${x.error.code}: ${x.error.message}`);
    }
    return ms.sort((a, b) => a - b);
  } finally {
    core.close();
  }
}

/** What the bench reads in the page, typed without DOM types. The app's CSP forbids eval: waits take functions. */
interface PageGlobals {
  document: { querySelector(sel: string): unknown; activeElement: { getAttribute(name: string): string | null } | null };
}

/** Codes to scan: active generated products spread over the catalog (the same for the app and its floor). */
export function scanCodes(file: string, products: number): string[] {
  const ro = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const first = (ro.prepare(`SELECT MIN(id) AS id FROM products WHERE sku LIKE 'C-%'`).get() as { id: number }).id;
    const active = ro.prepare('SELECT active FROM products WHERE id = ?');
    const rand = rng(31);
    const codes: string[] = [];
    while (codes.length < 2000) {
      const i = 1 + Math.floor(rand() * products);
      if ((active.get(first + i - 1) as { active: number }).active) codes.push(benchBarcode(i));
    }
    return codes;
  } finally {
    ro.close();
  }
}

/** The scans in order: baskets of up to ~12 products, a new basket every `perCart` scans (the same for the floor). */
export function scanSequence(codes: string[], total: number, perCart: number): string[] {
  const rand = rng(7);
  const out: string[] = [];
  let pool: string[] = [];
  for (let n = 0; n < total; n++) {
    if (n % perCart === 0) pool = Array.from({ length: 12 }, () => codes[Math.floor(rand() * codes.length)]!);
    out.push(pool[Math.floor(rand() * pool.length)]!);
  }
  return out;
}

/** The database scanned (copied first): catalog-db.ts's catalog, or the aged shop of history.ts built on it. */
export interface ScanSource {
  file: string;
  /** Generated products it holds (benchBarcode(1..products)). */
  products: number;
  builtS: number | null;
  /** Codes to scan when the database has no generated catalog (default: drawn from it by scanCodes). */
  codes?: string[];
}

/**
 * Work run on the same server while the scans are timed (bench/exportscan.ts: a 1M-row export). Started just before
 * the first timed scan; the timed scans stop when it ends, and only those typed after it started and painted before
 * it ended are kept.
 */
export interface ScanBackground {
  /** `dbFile`: the database file the server serves (its data dir's copy); `url` that server, `pid` its process. */
  start(server: { dbFile: string; url: string; pid: number | undefined }): void;
  running(): boolean;
  /** Settles when the work has ended, whichever way: the server it runs on is stopped only then. */
  settled(): Promise<unknown>;
}

/** `scans` timed scans after `warmup` untimed ones; the cart is parked (F7) every `perCart` scans. */
export async function benchScan(
  source: ScanSource,
  scans: number,
  warmup: number,
  perCart: number,
  typing: ScanTyping,
  log: (s: string) => void,
  /** More work on the same served copy and browser once the scans are done (the aged shop's long lists). */
  after?: (page: Page, url: string) => Promise<void>,
  during?: ScanBackground,
  /**
   * The floor, interleaved: after each of the app's baskets the floor scans the same basket, so a machine that speeds
   * up or slows down during the run (other tenants, caches, the server's start-up work ending) weighs on both alike.
   */
  floor?: ScanFloor,
): Promise<ScanResult> {
  if (during && floor) throw new Error('benchScan: background work and an interleaved floor do not go together');
  const staleBuild = checkBuild();
  if (staleBuild) log(`  note: ${staleBuild}`);
  const { file, builtS, products } = source;

  const codes = source.codes ?? scanCodes(file, products);

  const t = tempDir('lavka-bench-scan-');
  copyFileSync(file, path.join(t.dir, DB_FILE));
  const srv = await startServer({ dataDir: t.dir, demo: false });
  // A copied catalog has no backup yet, so the server starts with its daily one (a copy of the whole catalog, checked
  // in a worker). The bench measures scanning in the steady state: it starts once that copy is done.
  const started = nowMs();
  while (!listBackups(dataFiles(t.dir).backupDir).some((b) => b.reason === 'daily')) {
    // The aged shop is ~1.5 GB: on a loaded machine its copy and check take minutes.
    if (nowMs() - started > 900_000) throw new Error('the start-up daily backup did not finish within 15 minutes');
    await new Promise((r) => setTimeout(r, 250));
  }
  log(`  start-up daily backup done after ${((nowMs() - started) / 1000).toFixed(1)} s`);
  let browser: Awaited<ReturnType<typeof launchBrowser>> | null = null;
  try {
    browser = await launchBrowser();
    const page = browser.page;
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.stack ?? e.message));
    await page.addInitScript({ content: INSTRUMENT });
    await page.goto(srv.url);
    await login(page, CASHIER);
    await ensureShift(page);
    // The login and shift clicks leave the mouse over the middle of the screen, where the lines grow under it: each
    // scan would move hover from one element to another (restyles, Mantine's hover transitions keep frames coming).
    // A till's touch screen has no resting pointer; park it in the header's corner.
    await page.mouse.move(1, 1);
    // Only scans are timed: the listeners ignore keys while inactive (login, the park dialog).
    const setActive = (on: boolean) => page.evaluate(`window.__scanBench.active = ${on}`);
    await setActive(true);
    const type = await typer(page, typing, 5);
    const done = () => page.evaluate(`window.__scanBench.samples.length + window.__scanBench.failures.length`) as Promise<number>;

    const scanned: string[] = [];
    const total = warmup + scans;
    const sequence = scanSequence(codes, total, perCart);
    // With background work: how many samples were painted while it still ran.
    let inside = 0;
    for (let n = 0; n < total; n++) {
      if (n % perCart === 0) {
        if (n > 0) {
          // Park the sale (F7, Enter in the note field) so the next one starts empty, as at a till.
          await setActive(false);
          await page.keyboard.press('F7');
          await page.getByTestId('park-note').waitFor();
          await page.getByTestId('park-note').press('Enter');
          await page.getByTestId('sale-empty').waitFor();
          await page.waitForFunction(() => {
            const doc = (globalThis as unknown as PageGlobals).document;
            return !doc.querySelector('[role="dialog"]') && doc.activeElement?.getAttribute('data-testid') === 'scan-input';
          });
          // The next customer's first scan comes a moment later, not during the dialog's closing fade (its frames would
          // hold that scan's paint to the next vsync: the slowest 5% of scans were these).
          await new Promise((r) => setTimeout(r, 500));
          await setActive(true);
        }
      }
      // A basket of up to ~12 products: each scan adds a line or increments one.
      const code = sequence[n]!;
      if (n === warmup) await page.evaluate('window.__scanBench.timed = true');
      if (n >= warmup) scanned.push(code);
      if (during && n === warmup) during.start({ dbFile: path.join(t.dir, DB_FILE), url: srv.url, pid: srv.proc.pid });
      const before = await done();
      await type(code);
      try {
        await page.evaluate(`window.__scanBench.waitFor(${before}, 10000)`);
      } catch (err) {
        const msg = await page
          .getByTestId('scan-message')
          .textContent({ timeout: 500 })
          .catch(() => null);
        throw new Error(
          `scan ${n + 1} (${code}) never reached the screen (${String(err).split('\n')[0]})${msg ? `; scan message: ${msg}` : ''}${problems.length ? `\npage errors:\n${problems.join('\n')}` : ''}`,
        );
      }
      if (during && n >= warmup) {
        if (!during.running()) break;
        inside = (await page.evaluate('window.__scanBench.samples.length')) as number;
      }
      // A quick cashier: a scan about every quarter second, not back to back.
      await new Promise((r) => setTimeout(r, SCAN_PAUSE_MS));
      // The basket done here (before it is parked), the floor scans the same one.
      if (floor && ((n + 1) % perCart === 0 || n === total - 1)) {
        const first = n - (n % perCart);
        await floor.basket(sequence.slice(first, n + 1), first);
      }
    }
    const out = (await page.evaluate(
      `(({ samples, failures, wedgeMissed, longTasks }) => ({ samples, failures, wedgeMissed, longTasks }))(window.__scanBench)`,
    )) as {
      samples: ScanSample[];
      failures: string[];
      wedgeMissed: number;
      longTasks: [number, number][];
    };
    if (problems.length) throw new Error(`page errors during the scan bench:\n${problems.join('\n')}`);
    if (out.failures.length > Math.max(2, total / 20))
      throw new Error(`${out.failures.length} of ${total} scans were refused, e.g. ${out.failures.slice(0, 3).join('; ')}`);
    const samples = (during ? out.samples.slice(0, inside) : out.samples).filter((x) => x.timed);
    if (during?.running()) log('  the scans ended before the background work; waiting for it…');
    await during?.settled().catch(() => {});
    if (after) await after(page, srv.url);
    const withLongTask = samples.filter((s) => out.longTasks.some(([start, dur]) => start < s.at + s.total && start + dur > s.at)).length;
    await browser.close();
    browser = null;
    await srv.stop();
    // Neither in-process run with background work: exportscan reports no in-process figure. The paced one takes the
    // first 200 scans, enough for its p50 and p95, which keeps it to ~25 s.
    const coreMs = during ? [] : await coreScans(t.dir, scanned, perCart, 0);
    const corePacedMs = during ? [] : await coreScans(t.dir, scanned.slice(0, 200), perCart, SCAN_PAUSE_MS);
    return {
      samples,
      failures: out.failures,
      wedgeMissed: out.wedgeMissed,
      withLongTask,
      typing,
      coreMs,
      corePacedMs,
      builtS,
      staleBuild,
      dbFile: file,
      codes,
    };
  } finally {
    await browser?.close();
    await srv.stop();
    t.cleanup();
  }
}
