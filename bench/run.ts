/**
 * npm run bench [-- --out FILE] [--sales N] [--movements N] [--opens N] [--skip-open] [--skip-profile]
 * Prints a table of figures against the targets and, with --out, writes {"figures": {name: number}}.
 * Reports only: exits 0 when a target is missed (non-zero only when the bench itself fails).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchDbOpen } from './db-open';
import { profileSales } from './profile';
import { openRaw, type RawDb } from './raw-insert';
import { checkShop, openShop, postSales, saleInputs, type Shop } from './sale-post';
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
  },
  strict: true,
});
const int = (name: keyof typeof args): number => {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
  return n;
};

const TARGETS: Record<string, { op: '<=' | '>='; value: number }> = {
  sale_post_p99_ms: { op: '<=', value: 1 },
  sale_post_per_s: { op: '>=', value: 3000 },
  sale_post_overhead_ratio: { op: '<=', value: 3 },
  db_open_ms: { op: '<=', value: 200 },
};

const log = (s: string) => process.stderr.write(`${s}\n`);

async function salesVsRaw(figures: Figures): Promise<Shop> {
  const sales = int('sales');
  const rounds = int('rounds');
  const warm = int('warmup');
  const normalSales = Math.max(rounds, Math.round(sales / 2));
  log(`sale.post vs raw inserts: ${warm} warm-up, then ${sales} each at synchronous=FULL (+${normalSales} at NORMAL, +${normalSales} without autocheckpoint), ${rounds} interleaved rounds`);
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

function table(rows: string[][]): string {
  const w = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(w[c]!) : cell.padStart(w[c]!))).join('  ')).join('\n');
}

async function main() {
  const figures: Figures = {};
  const shop = await salesVsRaw(figures);
  let profile: Awaited<ReturnType<typeof profileSales>> | null = null;
  try {
    if (!args['skip-profile']) {
      log(`profiling ${int('profile-sales')} sales per statement…`);
      profile = await profileSales(shop, int('profile-sales'));
    }
  } finally {
    shop.cleanup();
  }
  if (!args['skip-open']) {
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

  if (profile) {
    const commit = profile.rows.filter((r) => /^(COMMIT|BEGIN)/.test(r.what)).reduce((s, r) => s + r.usPerSale, 0);
    figures.profile_total_us_per_sale = round(profile.totalUs, 0);
    figures.profile_sql_us_per_sale = round(profile.sqlUs, 0);
    figures.profile_begin_commit_us_per_sale = round(commit, 0);
    figures.profile_js_us_per_sale = round(profile.totalUs - profile.sqlUs, 0);
    console.log(`\nWhere sale.post time goes (${int('profile-sales')} sales, statements timed; µs per sale, total ${profile.totalUs.toFixed(0)} µs of which SQL ${profile.sqlUs.toFixed(0)} µs):`);
    console.log(table([['statement', 'calls/sale', 'µs/sale'], ...profile.rows.slice(0, 24).map((r) => [r.what, (r.calls / int('profile-sales')).toFixed(1), r.usPerSale.toFixed(1)])]));
  }

  const rows = [['figure', 'value', 'target', 'met']];
  for (const [name, v] of Object.entries(figures)) {
    const t = TARGETS[name];
    const met = t ? (t.op === '<=' ? v <= t.value : v >= t.value) : null;
    rows.push([name, String(v), t ? `${t.op} ${t.value}` : '', met === null ? '' : met ? 'yes' : 'NO (missed)']);
  }
  console.log(`\n${table(rows)}`);
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
