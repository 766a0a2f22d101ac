/**
 * npm run build && npm run bench [-- --out FILE] [--sales N] [--movements N] [--opens N] [--skip-open] [--skip-profile] [--skip-sales]
 *   [--search-products N] [--searches N] [--skip-search] [--scan-products N] [--scans N] [--scan-typing cdp|keyboard] [--skip-scan]
 *   [--scan-samples PREFIX]
 *   [--aged-sales N] [--aged-catalog N] [--aged-post-sales N] [--skip-aged] [--outbox-polls N] [--skip-outbox]
 *   [--reader-rounds N] [--reader-scans N] [--skip-reader] [--skip-pricelist] [--skip-xlsx] [--skip-lists] [--list-budget-s N] [--list-pages N]
 *   [--device-sales N] [--skip-devices] [--count-items N] [--count-rounds N] [--count-scans N] [--skip-counts]
 *   [--sync-changes N] [--sync-products N] [--sync-orders N] [--sync-hook-orders N] [--skip-sync]
 *   [--catalog-products N] [--catalog-pages N] [--catalog-searches N] [--skip-catalog]
 *   [--exportscan-scans N] [--skip-exportscan]
 *   [--only sales,open,devices,search,scan,aged,outbox,reader,pricelist,xlsx,lists,counts,sync,catalog,reports,exportscan]
 * Prints a table of figures against the targets and, with --out, writes {"figures": {name: number}}.
 * Reports only: exits 0 when a target is missed (non-zero only when the bench itself fails). `--only` runs just the
 * parts named (e.g. `--only outbox`); without it every part runs except those skipped.
 * `aged` measures sale posting, search and scan to line again on the aged shop (bench/history.ts: two years of
 * history, --aged-sales sales over the --aged-catalog products of the scan bench's catalog), each with its floor on
 * that same database; `lists` (run within `aged`, on its served copy: `--only aged,lists`) jumps through and walks the
 * sales and stock lists in Chromium against the same offset and keyset queries called directly; `outbox` polls that shop's outbox. Both build the aged shop on first use (minutes).
 * `catalog` pages the owner's catalog through the core (category filter, sort) against plain SQL for the same rows, then
 * scrolls, filters and searches it as you type in Chromium (bench/catalog-page.ts, bench/catalog-browser.ts).
 * `exportscan` times scan to line (as `scan` does, on the 1M-movement shop) while the bookkeeper exports the movement
 * journal through the same server's API and downloads it (bench/exportscan.ts), with the bare page's floor for the same scans.
 * `--scan-samples PREFIX` writes each scan run's timed samples, the app's and its floor's, to PREFIX-fresh.json or
 * PREFIX-aged.json (every segment of every scan, in order: where a slow scan spent its time).
 * The scan and catalog figures run the built app (dist/): build first. The test databases are cached under os.tmpdir().
 */
import type { Page } from 'playwright-core';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchSalesAged } from './aged';
import { benchCatalogBrowser } from './catalog-browser';
import { catalogDb } from './catalog-db';
import { benchCountPost, benchCountScan } from './counts';
import { benchCatalogPage } from './catalog-page';
import { benchDbOpen } from './db-open';
import { benchDevices } from './devices';
import { benchExportScan, type ExportScanOptions } from './exportscan';
import { benchOutbox } from './outbox';
import { profileSales } from './profile';
import { historyDb, type HistoryDb } from './history';
import { benchPricelist } from './pricelist';
import { benchLists } from './lists';
import { benchReader } from './reader';
import { benchReports } from './reports';
import { benchXlsx } from './xlsx';
import { openRaw, type RawDb } from './raw-insert';
import { checkShop, openShop, postSales, saleInputs, type Shop } from './sale-post';
import { benchScan, SCAN_PAUSE_MS, type ScanSample, type ScanSource } from './scan';
import { openScanFloor } from './scan-floor';
import { benchSearch, SEARCH_LIMIT } from './search';
import { benchSync } from './sync';
import { median, percentile, round, type Figures } from './util';

const { values: args } = parseArgs({
  options: {
    out: { type: 'string' },
    sales: { type: 'string', default: '5000' },
    warmup: { type: 'string', default: '500' },
    rounds: { type: 'string', default: '5' },
    movements: { type: 'string', default: '1000000' },
    opens: { type: 'string', default: '7' },
    'profile-sales': { type: 'string', default: '1000' },
    'skip-open': { type: 'boolean', default: false },
    'skip-profile': { type: 'boolean', default: false },
    'skip-sales': { type: 'boolean', default: false },
    'search-products': { type: 'string', default: '500000' },
    searches: { type: 'string', default: '1000' },
    'search-warmup': { type: 'string', default: '200' },
    'skip-search': { type: 'boolean', default: false },
    'scan-products': { type: 'string', default: '200000' },
    // 400: a p95 of 200 scans is their 10th slowest, and moved the floor ratio by ±0.1 between runs of the same build.
    scans: { type: 'string', default: '400' },
    'scan-warmup': { type: 'string', default: '20' },
    'scans-per-cart': { type: 'string', default: '20' },
    'scan-typing': { type: 'string', default: 'cdp' },
    'scan-samples': { type: 'string' },
    'skip-scan': { type: 'boolean', default: false },
    'aged-sales': { type: 'string', default: '1000000' },
    'aged-catalog': { type: 'string', default: '200000' },
    'aged-post-sales': { type: 'string', default: '2000' },
    'skip-aged': { type: 'boolean', default: false },
    'outbox-polls': { type: 'string', default: '2000' },
    'outbox-prune-batches': { type: 'string', default: '200' },
    'skip-outbox': { type: 'boolean', default: false },
    'reader-rounds': { type: 'string', default: '5' },
    'reader-scans': { type: 'string', default: '200' },
    'skip-reader': { type: 'boolean', default: false },
    'skip-reports': { type: 'boolean', default: false },
    'skip-pricelist': { type: 'boolean', default: false },
    'skip-xlsx': { type: 'boolean', default: false },
    'skip-lists': { type: 'boolean', default: false },
    'list-budget-s': { type: 'string', default: '300' },
    'list-pages': { type: 'string', default: '200' },
    'device-sales': { type: 'string', default: '200' },
    'skip-devices': { type: 'boolean', default: false },
    'count-items': { type: 'string', default: '10000' },
    'count-rounds': { type: 'string', default: '3' },
    'count-scans': { type: 'string', default: '200' },
    'count-scan-warmup': { type: 'string', default: '20' },
    'skip-counts': { type: 'boolean', default: false },
    'sync-changes': { type: 'string', default: '10000' },
    'sync-products': { type: 'string', default: '1000' },
    'sync-orders': { type: 'string', default: '1000' },
    'sync-hook-orders': { type: 'string', default: '40' },
    'skip-sync': { type: 'boolean', default: false },
    'catalog-products': { type: 'string', default: '200000' },
    'catalog-pages': { type: 'string', default: '200' },
    'catalog-searches': { type: 'string', default: '40' },
    'skip-catalog': { type: 'boolean', default: false },
    'exportscan-scans': { type: 'string', default: '1000' },
    'skip-exportscan': { type: 'boolean', default: false },
    only: { type: 'string' },
  },
  strict: true,
});
const int = (name: keyof typeof args): number => {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
  return n;
};

const PARTS = [
  'sales',
  'open',
  'devices',
  'search',
  'scan',
  'aged',
  'outbox',
  'reader',
  'pricelist',
  'xlsx',
  'lists',
  'counts',
  'sync',
  'catalog',
  'reports',
  'exportscan',
] as const;
const only = args.only?.split(',').map((p) => p.trim());
for (const p of only ?? [])
  if (!(PARTS as readonly string[]).includes(p)) throw new Error(`--only: unknown part ${p} (${PARTS.join(', ')})`);
const runs = (part: (typeof PARTS)[number]): boolean => (only ? only.includes(part) : !args[`skip-${part}`]);

const TARGETS: Record<string, { op: '<=' | '>='; value: number }> = {
  sale_post_p99_ms: { op: '<=', value: 1 },
  sale_post_per_s: { op: '>=', value: 3000 },
  sale_post_overhead_ratio: { op: '<=', value: 2 },
  db_open_ms: { op: '<=', value: 200 },
  search_p95_ms: { op: '<=', value: 10 },
  scan_to_line_p95_ms: { op: '<=', value: 16 },
  scan_to_line_floor_ratio: { op: '<=', value: 1.5 },
  // The same on the aged shop (two years of history): history must not slow the counter down.
  sale_post_aged_p99_ms: { op: '<=', value: 1 },
  sale_post_aged_overhead_ratio: { op: '<=', value: 2 },
  search_aged_p95_ms: { op: '<=', value: 10 },
  scan_to_line_aged_p95_ms: { op: '<=', value: 16 },
  scan_to_line_aged_floor_ratio: { op: '<=', value: 1.5 },
  outbox_pending_aged_ms: { op: '<=', value: 1 },
  pricelist_parse_overhead_ratio: { op: '<=', value: 2 },
  xlsx_export_1m_rows_peak_rss_mb: { op: '<=', value: 200 },
  xlsx_export_overhead_ratio: { op: '<=', value: 1.5 },
  xlsx_stream_memory_ratio: { op: '>=', value: 5 },
  pricelist_parse_peak_rss_mb: { op: '<=', value: 400 },
  pricelist_import_100k_s: { op: '<=', value: 10 },
  pricelist_import_overhead_ratio: { op: '<=', value: 2 },
  pricelist_import_peak_rss_mb: { op: '<=', value: 400 },
  reader_overhead_ratio: { op: '<=', value: 1.2 },
  valuation_asof_ms: { op: '<=', value: 500 },
  report_sales_by_product_90d_ms: { op: '<=', value: 300 },
  // The printer is off the checkout's path (bench/devices.ts).
  checkout_printer_down_p95_ms: { op: '<=', value: 1000 },
  print_enqueue_max_ms: { op: '<=', value: 20 },
  printer_status_gone_ms: { op: '<=', value: 500 },
  printer_status_silent_timeouts: { op: '<=', value: 1.5 },
  // Stock counts while the shop trades (bench/counts.ts).
  count_post_10k_lines_ms: { op: '<=', value: 1000 },
  count_scan_p95_ms: { op: '<=', value: 100 },
  // The web store (bench/sync.ts, a real Medusa): catching up after an outage costs little over sending the levels.
  sync_catchup_overhead_ratio: { op: '<=', value: 1.5 },
  sync_order_to_reserved_p95_ms: { op: '<=', value: 2000 },
  // The owner's catalog at 200k products (bench/catalog-page.ts, bench/catalog-browser.ts).
  catalog_page_ms: { op: '<=', value: 20 },
  catalog_scroll_frame_p95_ms: { op: '<=', value: 16.7 },
  search_as_you_type_p95_ms: { op: '<=', value: 50 },
  // The till while the bookkeeper exports 1M rows (bench/exportscan.ts).
  scan_to_line_during_export_p95_ms: { op: '<=', value: 25 },
};

/** What each floor does, printed with the figures: a ratio means nothing unless one knows what it is divided by. */
const FLOORS: Record<string, string> = {
  count_post_floor_ms:
    'count floor: the posted count document, its lines, movements and on-hand changes inserted with plain prepared statements in one transaction at synchronous=FULL into a copy of the database taken just before the post, same run',
  count_scan_floor_p95_ms:
    'count scan floor: the same two calls over HTTP from Node with no browser (the phone’s count.scan, then the second device’s count.get), same server, same run',
  sync_floor_10k_s:
    'sync floor: the levels the catch-up delivered (one per product, what its coalesced queue came to, each changed by one so the store does the same work), sent by a plain fetch loop straight to Medusa POST /admin/inventory-items/location-levels/batch in batches of the sync size, same store, same run; the mean of one timed just before the catch-up and one just after (sync_floor_before_s, sync_floor_after_s)',
  list_sales_page_floor_p95_ms:
    'list floor: the same keyset page queries (db/queries/lists.ts) for the same rows, called directly on a read-only connection to the aged database, same run',
  list_sales_jump_end_floor_ms:
    'list jump floor: the offset page queries (from the nearer end) for the rows the jump shows, called directly on the aged database, summed, same run',
  list_sales_jump_middle_floor_ms: 'list jump floor: as for the end, the middle of the sales list',
  list_stock_page_floor_p95_ms: 'list floor: as for sales, the stock list page queries on the aged database',
  list_stock_jump_end_floor_ms: 'list jump floor: as for sales, the end of the stock list',
  list_stock_jump_middle_floor_ms: 'list jump floor: as for sales, the middle of the stock list',
  valuation_sum_floor_ms:
    'valuation floor: one plain SQL aggregate (SUM of value_delta) over the same movements up to the same day, through the same index, same run',
  valuation_scan_ms:
    'valuation before month ends: every movement up to the same day grouped by product through the business-date index (the old query), same run',
  report_sales_floor_ms:
    'sales floor: one plain SQL aggregate (SUM of amount) over the same 90 days of sale and return lines, through the documents by type and date, same run',
  report_sales_rows_floor_ms:
    'sales rows floor: as many rows as the report returns, of the same columns (id, name, sku, unit, 5 integers), read from the products table with no aggregation or sort, same run',
  report_sales_group_floor_ms:
    'sales grouping floor: the same daily sums of the same 90 days grouped by product in the plainest SQL (GROUP BY product_id, the four sums), only the number of groups and the revenue total returned, same run',
  report_sales_by_product_lines_ms: 'sales by product over the lines (the old query, the detail the daily sums replace), same run',
  report_sales_by_product_all_rows_ms:
    'sales by product, every row (profitBy, what the export writes; the screen takes the first 500 with the sums), same run',
  xlsx_floor_1m_rows_s: 'xlsx floor: exceljs streaming WorkbookWriter writing the same values with no styles, same run',
  pricelist_read_only_100k_s:
    'price list floor: exceljs streaming reader iterating the same 100k-row file and doing nothing else, in a child process of its own, same run',
  scan_floor_p95_ms:
    'scan floor: a bare page in the same Chromium gets the same wedge keystrokes, sends the code over a WebSocket to a bare Node server that looks it up with one prepared better-sqlite3 statement on the same database and writes the line with one INSERT into a WAL file committed without an fsync (as the app keeps its open cart), and appends one row to the DOM; timed the same way (Enter keydown to the painted frame), each basket of 20 scans right after the app scanned it (interleaved), same run',
  scan_floor_aged_p95_ms:
    "aged scan floor: the same bare page and bare Node server with its lookup and line INSERT, looking up in the same aged database file (opened read-only; the app serves a copy of it), interleaved basket by basket with the app's scans, same run",
  raw_insert_same_rows_per_s:
    'sale floor: the same rows a sale writes (document, lines, movements, on-hand, payment), inserted with plain prepared statements in one transaction at the same synchronous level',
  raw_insert_aged_p99_ms:
    'aged sale floor: the same rows inserted with plain prepared statements, one transaction a sale at synchronous=FULL, on another copy of the same aged database, interleaved with the API rounds and timed sale by sale',
  search_aged_query_only_p95_ms:
    'aged search floor: the same queries through db/queries/products searchProductIds alone (no dispatch, zod, access check or product rows) on the same aged database, same run',
  scan_without_reading_p95_ms: 'scan while reading, floor: the same in-process cart.scan calls in the same run with no read going on',
  reader_main_thread_ms: 'reader floor: the same read on a plain read-only connection on this thread, same run',
  catalog_page_floor_ms:
    'catalog page floor: the same first page by raw SQL prepared once (ids from the same covering index for the category ids, then their rows; and the COUNT), on the same database, interleaved, same run',
  catalog_page_middle_floor_p95_ms: 'catalog page floor: as above, the page at the middle offset',
  catalog_scroll_frame_floor_p95_ms:
    'scroll floor: the same catalog page in the same Chromium, frames timed the same way while nothing scrolls',
  search_as_you_type_floor_p95_ms:
    'search floor: the same catalog.list first page (counted) for each word, called directly on a read-only connection to the same database, same run',
  scan_floor_exportscan_p95_ms:
    'scan during export, floor: the same scans (count and order) on the bare page and bare Node server (as scan_floor_p95_ms) over the same database, with no export running, same run',
  outbox_pending_floor_ms:
    'outbox floor: one raw prepared SELECT … WHERE topic = ? AND id > ? ORDER BY id LIMIT ? per printer topic on the same aged shop (a copy), polls interleaved',
};

const log = (s: string) => process.stderr.write(`${s}\n`);

async function salesVsRaw(figures: Figures): Promise<Shop> {
  const sales = int('sales');
  const rounds = int('rounds');
  const warm = int('warmup');
  const normalSales = Math.max(rounds, Math.round(sales / 2));
  log(
    `sale.post vs raw inserts: ${warm} warm-up, then ${sales} each at synchronous=FULL (+${normalSales} at NORMAL, +${normalSales} without autocheckpoint), ${rounds} interleaved rounds`,
  );
  const shop = await openShop('FULL');
  const shopNormal = await openShop('NORMAL');
  const raw = openRaw(shop.products, 'FULL');
  const rawNormal = openRaw(shop.products, 'NORMAL');
  // Side variant: FULL, but no automatic checkpoint inside a sale's COMMIT; the WAL is checkpointed between rounds, untimed.
  const shopNoCkpt = await openShop('FULL');
  shopNoCkpt.core.db.raw.pragma('wal_autocheckpoint = 0');
  try {
    let seed = 1;
    const api = async (s: Shop, n: number) => postSales(s, saleInputs(s.products, n, seed++));
    const rawRun = (r: RawDb, n: number) => r.run(r.prepare(saleInputs(shop.products, n, seed++)));
    await api(shop, warm);
    await api(shopNormal, warm);
    await api(shopNoCkpt, warm);
    rawRun(raw, warm);
    rawRun(rawNormal, warm);
    const lat: number[] = [];
    const latNormal: number[] = [];
    const latNoCkpt: number[] = [];
    let apiMs = 0;
    let apiNormalMs = 0;
    let rawMs = 0;
    let rawNormalMs = 0;
    for (let r = 0; r < rounds; r++) {
      const n = Math.floor(sales / rounds) + (r < sales % rounds ? 1 : 0);
      const nn = Math.floor(normalSales / rounds) + (r < normalSales % rounds ? 1 : 0);
      // Alternate which side goes first, so drift in the machine's speed hits both alike.
      const steps: (() => Promise<void>)[] = [
        async () => {
          const l = await api(shop, n);
          lat.push(...l);
          apiMs += l.reduce((a, b) => a + b, 0);
        },
        async () => {
          rawMs += rawRun(raw, n);
        },
        async () => {
          const l = await api(shopNormal, nn);
          latNormal.push(...l);
          apiNormalMs += l.reduce((a, b) => a + b, 0);
        },
        async () => {
          rawNormalMs += rawRun(rawNormal, nn);
        },
        async () => {
          latNoCkpt.push(...(await api(shopNoCkpt, nn)));
          shopNoCkpt.core.db.raw.pragma('wal_checkpoint(TRUNCATE)');
        },
      ];
      for (const step of r % 2 ? steps.reverse() : steps) await step();
    }
    checkShop(shop, warm + sales);
    checkShop(shopNormal, warm + normalSales);
    checkShop(shopNoCkpt, warm + normalSales);
    for (const l of [lat, latNormal, latNoCkpt]) l.sort((a, b) => a - b);
    figures.sale_post_p50_ms = round(percentile(lat, 50), 3);
    figures.sale_post_p99_ms = round(percentile(lat, 99), 3);
    figures.sale_post_max_ms = round(lat[lat.length - 1]!, 3);
    figures.sale_post_over_1ms_pct = round((100 * lat.filter((x) => x > 1).length) / lat.length, 1);
    figures.sale_post_per_s = round((sales * 1000) / apiMs, 0);
    figures.raw_insert_same_rows_per_s = round((sales * 1000) / rawMs, 0);
    figures.sale_post_overhead_ratio = round(figures.raw_insert_same_rows_per_s / figures.sale_post_per_s, 2);
    figures.sale_post_ms_per_sale = round(apiMs / sales, 3);
    figures.raw_insert_ms_per_sale = round(rawMs / sales, 3);
    // fsync: what synchronous=FULL adds per commit over NORMAL (WAL synced only at checkpoints).
    figures.raw_insert_sync_normal_per_s = round((normalSales * 1000) / rawNormalMs, 0);
    figures.sale_post_sync_normal_per_s = round((normalSales * 1000) / apiNormalMs, 0);
    figures.sale_post_sync_normal_p99_ms = round(percentile(latNormal, 99), 3);
    // The same ratio without fsync in either side: the CPU overhead of the API path over plain inserts.
    figures.sale_post_overhead_ratio_sync_normal = round(figures.raw_insert_sync_normal_per_s / figures.sale_post_sync_normal_per_s, 2);
    figures.fsync_commit_ms = round(rawMs / sales - rawNormalMs / normalSales, 3);
    figures.sale_post_no_autocheckpoint_p99_ms = round(percentile(latNoCkpt, 99), 3);
    figures.sale_post_no_autocheckpoint_per_s = round((normalSales * 1000) / latNoCkpt.reduce((a, b) => a + b, 0), 0);
    return shop;
  } finally {
    shopNormal.cleanup();
    shopNoCkpt.cleanup();
    raw.cleanup();
    rawNormal.cleanup();
  }
}

const sortedCopy = (xs: number[]) => [...xs].sort((a, b) => a - b);

async function search(figures: Figures): Promise<void> {
  const n = int('search-products');
  log(
    `catalog.search: ${n} products, ${int('search-warmup')} warm-up then ${int('searches')} searches (limit ${SEARCH_LIMIT}) through the API as the cashier…`,
  );
  const { file, builtS } = catalogDb(n, log);
  const r = await benchSearch({ file, products: n, builtS }, int('searches'), int('search-warmup'));
  figures.search_p50_ms = round(percentile(r.all, 50), 2);
  figures.search_p95_ms = round(percentile(r.all, 95), 2);
  figures.search_p99_ms = round(percentile(r.all, 99), 2);
  figures.search_query_only_p95_ms = round(percentile(r.queryOnly, 95), 2);
  for (const [shape, xs] of Object.entries(r.byShape)) figures[`search_${shape}_p95_ms`] = round(percentile(xs, 95), 2);
  if (r.builtS !== null) figures.search_db_build_s = round(r.builtS, 1);
  console.log(
    `\ncatalog.search over ${n} products by query shape (ms; API = core.caller; query only = searchProductIds without dispatch and product rows):`,
  );
  console.log(
    table([
      ['shape', 'n', 'p50', 'p95', 'max', 'query only p50', 'query only p95'],
      ...Object.entries(r.byShape).map(([shape, xs]) => {
        const q = r.queryOnlyByShape[shape as keyof typeof r.queryOnlyByShape];
        return [
          shape,
          String(xs.length),
          percentile(xs, 50).toFixed(2),
          percentile(xs, 95).toFixed(2),
          xs[xs.length - 1]!.toFixed(2),
          percentile(q, 50).toFixed(2),
          percentile(q, 95).toFixed(2),
        ];
      }),
    ]),
  );
}

/** Scan to line on `source` and its floor on the same database; figures named scan_to_line_p95_ms, or with `tag` scan_to_line_aged_p95_ms. */
async function scan(figures: Figures, source: ScanSource, tag = '', after?: (page: Page, url: string) => Promise<void>): Promise<void> {
  const n = source.products;
  const nm = (base: string, unit: string) => (tag ? `${base}_${tag}_${unit}` : `${base}_${unit}`);
  log(
    `scan to line${tag ? ` (${tag})` : ''}: browser mode on ${n} products, Chromium, ${int('scan-warmup')} warm-up then ${int('scans')} wedge scans (${args['scan-typing']}), parked every ${int('scans-per-cart')}, each basket then scanned on the floor…`,
  );
  const typing = args['scan-typing'];
  if (typing !== 'cdp' && typing !== 'keyboard') throw new Error('--scan-typing must be cdp or keyboard');
  // The floor's page and server, opened first: the floor scans each of the app's baskets right after it (interleaved).
  const floorRun = await openScanFloor(source.file, int('scan-warmup'), typing);
  let r: Awaited<ReturnType<typeof benchScan>>;
  let floorSamples: ScanSample[];
  try {
    r = await benchScan(source, int('scans'), int('scan-warmup'), int('scans-per-cart'), typing, log, after, undefined, floorRun);
    floorSamples = await floorRun.samples();
  } finally {
    await floorRun.close();
  }
  if (args['scan-samples'])
    writeFileSync(`${args['scan-samples']}-${tag || 'fresh'}.json`, `${JSON.stringify({ app: r.samples, floor: floorSamples })}\n`);
  const segmentOf = (samples: ScanSample[], f: (s: ScanSample) => number | null) =>
    sortedCopy(samples.map(f).filter((x): x is number => x !== null));
  const seg = (f: (s: ScanSample) => number | null) => segmentOf(r.samples, f);
  const total = seg((s) => s.total);
  figures[nm('scan_to_line', 'p50_ms')] = round(percentile(total, 50), 1);
  figures[nm('scan_to_line', 'p95_ms')] = round(percentile(total, 95), 1);
  figures[nm('scan_to_line', 'max_ms')] = round(total[total.length - 1]!, 1);
  const d = (a: number | null, b: number | null) => (a === null || b === null ? null : b - a);
  const parts: [string, string, (s: ScanSample) => number | null][] = [
    ['input lag (event timeStamp -> Enter listener)', 'scan_input_lag', (s) => s.inputLag],
    ['Enter -> cart.scan sent (wedge, React, useCart)', 'scan_enter_to_fetch', (s) => s.toFetch],
    ['fetch -> request sent (browser network stack)', 'scan_request_queue', (s) => d(s.toFetch, s.reqStart)],
    ['request sent -> first byte (loopback + server)', 'scan_ttfb', (s) => d(s.reqStart, s.resStart)],
    ['  server: reading the POST body (Server-Timing)', 'scan_server_body', (s) => s.srvBody],
    ["  server: core.call (Server-Timing, or the socket answer's ms)", 'scan_server_core', (s) => s.srvCore],
    ['first byte -> last byte', 'scan_download', (s) => d(s.resStart, s.resEnd)],
    ['answer seen by JS -> DOM changed (JSON, React)', 'scan_render', (s) => d(s.toAnswer, s.toDom)],
    // Traced (both pages): much of this segment is not waiting but work at the frame's start, before rAF: Chromium's
    // hover check (the pointer rests over the page) hit-tests, so it lays the page out first.
    ['DOM changed -> rAF (frame start, hover check: style, layout)', 'scan_frame_wait', (s) => s.toRaf - s.toDom],
    ['rAF -> painted (prepaint, paint, layerize, commit)', 'scan_paint', (s) => s.total - s.toRaf],
    ['call sent -> answer seen by JS (socket or POST)', 'scan_http', (s) => s.http],
    ['Enter -> painted', '', (s) => s.total],
  ];
  // POST-only segments are empty when every scan went over the api socket: left out, not zero.
  for (const [, key, f] of parts) if (key && seg(f).length) figures[nm(key, 'p50_ms')] = round(percentile(seg(f), 50), 2);
  figures[nm('scan_via_socket', 'pct')] = round((100 * r.samples.filter((s) => s.via === 'socket').length) / r.samples.length, 1);
  figures[nm('scan_http', 'p95_ms')] = round(
    percentile(
      seg((s) => s.http),
      95,
    ),
    2,
  );
  figures[nm('cart_scan_core', 'p50_ms')] = round(percentile(r.coreMs, 50), 2);
  figures[nm('cart_scan_core', 'p95_ms')] = round(percentile(r.coreMs, 95), 2);
  figures[nm('cart_scan_core_paced', 'p50_ms')] = round(percentile(r.corePacedMs, 50), 2);
  figures[nm('cart_scan_core_paced', 'p95_ms')] = round(percentile(r.corePacedMs, 95), 2);
  figures[tag ? `scan_${tag}_wedge_missed` : 'scan_wedge_missed'] = r.wedgeMissed;
  figures[tag ? `scan_${tag}_refused` : 'scan_refused'] = r.failures.length;
  figures[nm('scan_with_long_task', 'pct')] = round((100 * r.withLongTask) / total.length, 1);
  figures[nm('scan_key_gap_max', 'ms')] = round(Math.max(...r.samples.map((s) => s.maxKeyGap)), 1);
  if (r.builtS !== null && !tag) figures.scan_db_build_s = round(r.builtS, 1);
  const floor = segmentOf(floorSamples, (s) => s.total);
  // The floor's own segments (the app's, timed by the same instrument), where the gap to the app is.
  const floorParts = new Set(['scan_input_lag', 'scan_http', 'scan_render', 'scan_frame_wait', 'scan_paint']);
  for (const [, key, f] of parts) {
    const xs = floorParts.has(key) ? segmentOf(floorSamples, f) : [];
    if (xs.length) figures[nm(key.replace('scan_', 'scan_floor_'), 'p50_ms')] = round(percentile(xs, 50), 2);
  }
  figures[nm('scan_floor', 'p50_ms')] = round(percentile(floor, 50), 1);
  figures[nm('scan_floor', 'p95_ms')] = round(percentile(floor, 95), 1);
  figures[nm('scan_to_line', 'floor_ratio')] = round(percentile(total, 95) / percentile(floor, 95), 2);
  console.log(
    `\nScan to line painted${tag ? ` on the ${tag} shop` : ''} (${total.length} scans, ${n} products; ms; segments' percentiles do not add up):`,
  );
  console.log(
    table([
      ['segment', 'p50', 'p95', 'max'],
      ...parts.map(([name, , f]) => {
        const xs = seg(f);
        return xs.length
          ? [name, percentile(xs, 50).toFixed(2), percentile(xs, 95).toFixed(2), xs[xs.length - 1]!.toFixed(2)]
          : [name, '-', '-', '-'];
      }),
    ]),
  );
  console.log(
    `cart.scan in process (core.caller, same codes, no HTTP): back to back p50 ${percentile(r.coreMs, 50).toFixed(2)} ms, p95 ${percentile(r.coreMs, 95).toFixed(2)} ms; ` +
      `the first ${r.corePacedMs.length} with ${SCAN_PAUSE_MS} ms idle before each, as between the timed scans: p50 ${percentile(r.corePacedMs, 50).toFixed(2)} ms, p95 ${percentile(r.corePacedMs, 95).toFixed(2)} ms`,
  );
  if (r.failures.length) console.log(`refused scans (not timed): ${r.failures.join('; ')}`);
  if (r.wedgeMissed) console.log(`${r.wedgeMissed} scan(s) not caught by the wedge detector (the scan field's own Enter sent them)`);
  if (r.staleBuild) console.log(`note: ${r.staleBuild}`);
}

/** The aged shop (built on first use, then cached), shared by the aged and outbox parts. */
let agedShop: HistoryDb | null = null;
function aged(figures: Figures): HistoryDb {
  if (!agedShop) {
    agedShop = historyDb({ sales: int('aged-sales'), catalog: int('aged-catalog') }, log);
    const c = agedShop.meta.counts;
    figures.aged_db_sales = c.sales!;
    figures.aged_db_sale_lines = c.saleLines!;
    figures.aged_db_movements = c.movements!;
    figures.aged_db_outbox_rows = c.outboxKept!;
    figures.aged_db_size_mb = round(statSync(agedShop.file).size / 2 ** 20, 0);
    if (agedShop.builtS !== null) figures.aged_db_build_s = round(agedShop.builtS, 1);
  }
  return agedShop;
}

async function agedFigures(figures: Figures): Promise<void> {
  const h = aged(figures);
  const c = h.meta.counts;
  log(
    `aged shop: ${c.sales} sales (${c.saleLines} lines), ${c.returns} returns, ${c.receipts} receipts, ${c.shifts} shifts, ${c.movements} movements, ${c.outboxKept} outbox rows kept, ${h.meta.firstDay}..${h.meta.lastDay} (${h.meta.timeZone})`,
  );
  const n = int('aged-post-sales');
  log(`sale.post on the aged shop vs raw inserts on a copy of it: ${int('warmup')} warm-up, then ${n} each, ${int('rounds')} rounds…`);
  const s = await benchSalesAged(h.file, n, int('rounds'), int('warmup'));
  const [api, raw] = [s.apiMs, s.rawMs].map(sortedCopy) as [number[], number[]];
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  figures.sale_post_aged_p50_ms = round(percentile(api, 50), 3);
  figures.sale_post_aged_p99_ms = round(percentile(api, 99), 3);
  figures.raw_insert_aged_p50_ms = round(percentile(raw, 50), 3);
  figures.raw_insert_aged_p99_ms = round(percentile(raw, 99), 3);
  figures.sale_post_aged_p99_floor_ratio = round(percentile(api, 99) / percentile(raw, 99), 2);
  figures.sale_post_aged_per_s = round((api.length * 1000) / sum(api), 0);
  figures.raw_insert_aged_per_s = round((raw.length * 1000) / sum(raw), 0);
  figures.sale_post_aged_overhead_ratio = round(figures.raw_insert_aged_per_s / figures.sale_post_aged_per_s, 2);

  const products = int('aged-catalog');
  log(`catalog.search on the aged shop: ${int('search-warmup')} warm-up then ${int('searches')} searches…`);
  const r = await benchSearch({ file: h.file, products, builtS: null }, int('searches'), int('search-warmup'));
  figures.search_aged_p50_ms = round(percentile(r.all, 50), 2);
  figures.search_aged_p95_ms = round(percentile(r.all, 95), 2);
  figures.search_aged_query_only_p95_ms = round(percentile(r.queryOnly, 95), 2);
  figures.search_aged_query_only_ratio = round(percentile(r.all, 95) / percentile(r.queryOnly, 95), 2);

  // Then, on the same served copy: the sales list and the stock list scrolled end to end (1M sales, 200k products).
  const lists = async (page: Page, url: string) => {
    log(
      `long lists on the aged shop in Chromium: jumps to the end and the middle, ${int('list-pages')} pages walked from the top and from the middle (at most ${int('list-budget-s')} s each)…`,
    );
    Object.assign(figures, await benchLists(page, url, h.file, { budgetS: int('list-budget-s'), pages: int('list-pages') }, log));
  };
  await scan(figures, { file: h.file, products, builtS: null }, 'aged', runs('lists') ? lists : undefined);
}

async function outbox(figures: Figures): Promise<void> {
  const h = aged(figures);
  log(
    `outbox: the printer's poll on the aged shop's outbox, ${int('outbox-polls')} polls against raw statements, then up to ${int('outbox-prune-batches')} prune batches…`,
  );
  const r = await benchOutbox(h, int('outbox-polls'), int('outbox-prune-batches'));
  const [pending, floor, depth, prune] = [r.pendingMs, r.floorMs, r.depthMs, r.pruneBatchMs].map(sortedCopy) as [
    number[],
    number[],
    number[],
    number[],
  ];
  // p95 of the polls: the lookup as the device service runs it (print store load), and the floor (plain statements).
  figures.outbox_pending_aged_ms = round(percentile(pending, 95), 3);
  figures.outbox_pending_floor_ms = round(percentile(floor, 95), 3);
  figures.outbox_pending_aged_p50_ms = round(percentile(pending, 50), 3);
  figures.outbox_pending_floor_p50_ms = round(percentile(floor, 50), 3);
  figures.outbox_depth_aged_p95_ms = round(percentile(depth, 95), 3);
  figures.outbox_prune_batch_p50_ms = round(percentile(prune, 50), 2);
  figures.outbox_prune_batch_p95_ms = round(percentile(prune, 95), 2);
  figures.outbox_prune_batch_max_ms = round(prune[prune.length - 1]!, 2);
  log(`  prune batches (ms, in order): ${r.pruneBatchMs.map((ms) => ms.toFixed(2)).join(' ')}`);
  figures.outbox_pruned_rows = r.pruned;
  figures.outbox_rows = r.rows;
}

async function reader(figures: Figures): Promise<void> {
  const movements = int('movements');
  log(
    `reader: report.profit by employee over the whole history (${movements} movements), ${int('reader-rounds')} rounds in the worker and on this thread; ${int('reader-scans')} cart.scan while the worker reads, and as many without…`,
  );
  const r = await benchReader(movements, int('reader-rounds'), int('reader-scans'), log);
  // The same read, same run: through svc.reader (worker, structured clone of the result) over a read-only connection here.
  figures.reader_worker_ms = round(median(r.workerMs), 1);
  figures.reader_main_thread_ms = round(median(r.mainMs), 1);
  figures.reader_overhead_ratio = round(median(r.workerMs) / median(r.mainMs), 2);
  figures.scan_while_reading_p50_ms = round(percentile(r.scanReadingMs, 50), 2);
  figures.scan_while_reading_p95_ms = round(percentile(r.scanReadingMs, 95), 2);
  // The floor: the same scans, same run, with no read going on.
  figures.scan_without_reading_p50_ms = round(percentile(r.scanIdleMs, 50), 2);
  figures.scan_without_reading_p95_ms = round(percentile(r.scanIdleMs, 95), 2);
  if (r.builtS !== null) figures.db_build_s = round(r.builtS, 1);
  console.log(
    `\nReader: report.profit by employee (${r.rows} rows, ${movements} movements) in the worker ${median(r.workerMs).toFixed(1)} ms, on this thread ${median(r.mainMs).toFixed(1)} ms (medians of ${r.workerMs.length}); ${r.reads} reads ran during the scans.`,
  );
}

function table(rows: string[][]): string {
  const w = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(w[c]!) : cell.padStart(w[c]!))).join('  ')).join('\n');
}

async function counts(figures: Figures): Promise<void> {
  const items = int('count-items');
  log(`counts: ${int('count-rounds')} counts of ${items} items posted while trading, against raw inserts of the same rows…`);
  const p = await benchCountPost(items, int('count-rounds'), log);
  const post = [...p.postMs].sort((a, b) => a - b);
  const floor = [...p.floorMs].sort((a, b) => a - b);
  // The target's name says 10k lines; with --count-items it measures what was asked and says so in the log.
  figures.count_post_10k_lines_ms = round(median(post), 0);
  figures.count_post_10k_lines_max_ms = round(post[post.length - 1]!, 0);
  figures.count_post_floor_ms = round(median(floor), 0);
  figures.count_post_floor_ratio = round(median(post) / median(floor), 2);
  log(`counts: ${int('count-scans')} scans on a phone page seen on a second device (Chromium, the built app)…`);
  const s = await benchCountScan(int('count-scans'), int('count-scan-warmup'), log);
  const scans = [...s.scanMs].sort((a, b) => a - b);
  const sf = [...s.floorMs].sort((a, b) => a - b);
  figures.count_scan_p50_ms = round(percentile(scans, 50), 1);
  figures.count_scan_p95_ms = round(percentile(scans, 95), 1);
  figures.count_scan_max_ms = round(scans[scans.length - 1]!, 1);
  figures.count_scan_floor_p95_ms = round(percentile(sf, 95), 1);
}

async function main() {
  const figures: Figures = {};
  let profile: Awaited<ReturnType<typeof profileSales>> | null = null;
  if (runs('sales')) {
    const shop = await salesVsRaw(figures);
    try {
      if (!args['skip-profile']) {
        log(`profiling ${int('profile-sales')} sales per statement…`);
        profile = await profileSales(shop, int('profile-sales'));
      }
    } finally {
      shop.cleanup();
    }
  }
  if (runs('open')) {
    const movements = int('movements');
    log(`db open: ${movements} movements, ${int('opens')} opens…`);
    const r = await benchDbOpen(movements, int('opens'));
    log(r.builtS === null ? `  cached db ${r.cache}` : `  built ${r.cache} in ${r.builtS.toFixed(1)} s`);
    // The app's start after a clean stop: it serves at once and runs quick_check in a worker meanwhile.
    figures.db_open_ms = round(median(r.openMs), 1);
    figures.db_open_quick_check_ms = round(median(r.quickCheckMs), 1);
    // After a crash the check runs before serving.
    figures.db_open_after_crash_ms = round(median(r.afterCrashMs), 1);
    figures.db_open_without_quick_check_ms = round(median(r.openNoCheckMs), 1);
    figures.db_size_mb = round(r.sizeMb, 1);
    if (r.builtS !== null) figures.db_build_s = round(r.builtS, 1);
  }

  if (runs('devices')) {
    log('devices: checkout with the printer down, print queue, printer status…');
    const d = await benchDevices(int('device-sales'), log);
    figures.checkout_printer_down_p50_ms = round(percentile(d.checkoutMs, 50), 2);
    figures.checkout_printer_down_p95_ms = round(percentile(d.checkoutMs, 95), 2);
    figures.checkout_no_printer_p50_ms = round(percentile(d.checkoutNoPrinterMs, 50), 2);
    figures.checkout_no_printer_p95_ms = round(percentile(d.checkoutNoPrinterMs, 95), 2);
    figures.print_enqueue_max_ms = round(d.enqueueMs[d.enqueueMs.length - 1]!, 3);
    figures.printer_status_gone_ms = round(median(d.statusGoneMs), 1);
    figures.printer_status_silent_ms = round(median(d.statusSilentMs), 1);
    // A silent printer costs one reply timeout, not one per DLE EOT query (three).
    figures.printer_status_silent_timeouts = round(median(d.statusSilentMs) / d.silentTimeoutMs, 2);
  }
  if (runs('search')) await search(figures);
  if (runs('scan')) {
    const n = int('scan-products');
    const { file, builtS } = catalogDb(n, log);
    await scan(figures, { file, products: n, builtS });
  }
  if (runs('catalog')) {
    const n = int('catalog-products');
    const { file } = catalogDb(n, log);
    log(`catalog: ${int('catalog-pages')} pages of 100 through the core at ${n} products…`);
    Object.assign(figures, await benchCatalogPage(file, int('catalog-pages'), log));
    log('catalog in Chromium: scroll end to end, a category filter, search as you type…');
    Object.assign(figures, await benchCatalogBrowser(file, int('catalog-searches'), log));
  }
  if (runs('aged')) await agedFigures(figures);
  if (runs('outbox')) await outbox(figures);
  if (runs('reader')) await reader(figures);
  if (runs('counts')) await counts(figures);
  if (runs('pricelist')) Object.assign(figures, await benchPricelist(100_000, (line) => console.log(line)));
  if (runs('xlsx')) Object.assign(figures, await benchXlsx(int('movements'), (line) => console.log(line)));
  if (runs('sync'))
    Object.assign(
      figures,
      await benchSync(
        { changes: int('sync-changes'), products: int('sync-products'), orders: int('sync-orders'), hookOrders: int('sync-hook-orders') },
        log,
      ),
    );
  if (runs('reports')) Object.assign(figures, await benchReports(5, log));
  if (runs('exportscan')) {
    const typing = args['scan-typing'];
    if (typing !== 'cdp' && typing !== 'keyboard') throw new Error('--scan-typing must be cdp or keyboard');
    log(
      `scan to line during a 1M-row export: ${int('scan-warmup')} warm-up scans, then up to ${int('exportscan-scans')} timed while the export runs…`,
    );
    const o: ExportScanOptions = {
      movements: int('movements'),
      scans: int('exportscan-scans'),
      warmup: int('scan-warmup'),
      perCart: int('scans-per-cart'),
      typing,
    };
    Object.assign(figures, await benchExportScan(o, log));
  }

  if (profile) {
    const commit = profile.rows.filter((r) => /^(COMMIT|BEGIN)/.test(r.what)).reduce((s, r) => s + r.usPerSale, 0);
    figures.profile_total_us_per_sale = round(profile.totalUs, 0);
    figures.profile_sql_us_per_sale = round(profile.sqlUs, 0);
    figures.profile_begin_commit_us_per_sale = round(commit, 0);
    figures.profile_js_us_per_sale = round(profile.totalUs - profile.sqlUs, 0);
    console.log(
      `\nWhere sale.post time goes (${int('profile-sales')} sales, statements timed; µs per sale, total ${profile.totalUs.toFixed(0)} µs of which SQL ${profile.sqlUs.toFixed(0)} µs):`,
    );
    console.log(
      table([
        ['statement', 'calls/sale', 'µs/sale'],
        ...profile.rows.slice(0, 24).map((r) => [r.what, (r.calls / int('profile-sales')).toFixed(1), r.usPerSale.toFixed(1)]),
      ]),
    );
  }

  const rows = [['figure', 'value', 'target', 'met']];
  for (const [name, v] of Object.entries(figures)) {
    const t = TARGETS[name];
    const met = t ? (t.op === '<=' ? v <= t.value : v >= t.value) : null;
    rows.push([name, String(v), t ? `${t.op} ${t.value}` : '', met === null ? '' : met ? 'yes' : 'NO (missed)']);
  }
  console.log(`\n${table(rows)}`);
  const floors = Object.entries(FLOORS).filter(([k]) => k in figures);
  if (floors.length) console.log(`\nFloors (measured in the same run):\n${floors.map(([k, what]) => `- ${k}: ${what}`).join('\n')}`);
  const missed = Object.keys(TARGETS).filter((k) => k in figures && rows.find((r) => r[0] === k)?.[3] !== 'yes');
  console.log(missed.length ? `\nTargets missed: ${missed.join(', ')}` : '\nAll targets met.');
  if (args.out) {
    mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
    writeFileSync(args.out, `${JSON.stringify({ figures }, null, 2)}\n`);
    log(`wrote ${args.out}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
