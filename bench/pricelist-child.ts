// One measured pass over a price list, in its own process so its peak RSS is its own. Prints one JSON line.
// Modes: `read-only` (exceljs's streaming reader iterating every row, nothing else), `seed` (a shop whose catalog
// holds the list's products, in the data dir given as the file), `parse` (readPriceList:
// sniff, header, mapping, typed rows and the bad-row list), `import` (the whole import as the app does it on the
// seeded shop, the file handed to the upload store, pricelist.dryRun in the reader
// worker thread, pricelist.apply in one transaction; the timer starts once the catalog is seeded and the reader
// thread has booted).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { createCore } from '../core/app';
import { withCheckDigit } from '../core/contract/gtin';
import { readPriceList } from '../core/pricelists';
import { MIGRATIONS as SOURCE_MIGRATIONS, peakRssMb, tempDir } from './util';

// Bundled (bench/pricelist.ts), this file no longer sits in bench/: the parent says where the migrations are.
const MIGRATIONS = process.env.LAVKA_BENCH_MIGRATIONS ?? SOURCE_MIGRATIONS;

const [mode, file, rowsArg, dirArg] = process.argv.slice(2);
let started = process.hrtime.bigint();
let rows = 0;
let bad = 0;
if (mode === 'read-only') {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file!, {});
  for await (const sheet of reader) for await (const row of sheet) if (row) rows++;
} else if (mode === 'parse') {
  const read = await readPriceList(file!);
  rows = read.good.length;
  bad = new Set(read.bad.map((b) => b.row)).size;
} else if (mode === 'seed') {
  // The shop as it stands before the import, made by a process of its own: an app importing a list has not just
  // inserted its whole catalog, and that insert's memory is no part of the import's peak.
  const core = createCore({ dataDir: file!, migrationsDir: MIGRATIONS, version: 'bench', mode: 'local', demo: true, readerWorkers: 1 });
  try {
    // The catalog: every product of the generated list (test/fixtures/pricelist-gen.ts numbers its barcodes so).
    const insert = core.db.raw.prepare('INSERT INTO products (sku, name, unit, price, cost, tax_rate_bp) VALUES (?, ?, ?, 100, 50, 0)');
    const code = core.db.raw.prepare('INSERT INTO barcodes (code, product_id) VALUES (?, ?)');
    core.db.raw.transaction(() => {
      for (let i = 0; i < Number(rowsArg); i++) {
        const id = Number(insert.run(`OPT-${String(i + 1).padStart(6, '0')}`, `Product ${i}`, 'pcs').lastInsertRowid);
        code.run(withCheckDigit(`46${String(1_000_000_000 + i).padStart(10, '0')}`), id);
      }
    })();
    rows = Number(rowsArg);
  } finally {
    await core.svc.reader.close();
    core.close();
  }
} else if (mode === 'import') {
  // The shop seeded by the 'seed' pass, in the data dir given.
  const core = createCore({ dataDir: dirArg!, migrationsDir: MIGRATIONS, version: 'bench', mode: 'local', demo: true, readerWorkers: 1 });
  const tmp = tempDir('lavka-bench-import-');
  try {
    const login = await core.call({ session: null }, 'auth.login', { userId: 1, pin: '1111' });
    if (!login.ok) throw new Error(login.error.message);
    const api = core.caller({ session: core.sessions.get((login.value as { token: string }).token) });
    const supplier = await api('supplier.upsert', { name: 'Bench supplier' });
    if (!supplier.ok) throw new Error(supplier.error.message);
    // The app's reader thread boots once per start, not once per import: a first look at a two-line CSV boots it
    // before the timer starts.
    const warm = path.join(tmp.dir, 'warm.csv');
    writeFileSync(warm, 'barcode;price\n4600000000008;1\n');
    const booted = await core.svc.reader.run('pricelist.peek', { file: warm });
    if (!booted.ok) throw new Error(booted.message);
    started = process.hrtime.bigint();
    const { token } = await core.svc.uploads.adopt(file!, 1);
    const look = await api('pricelist.sheets', { supplierId: supplier.value.id, file: token });
    if (!look.ok) throw new Error(look.error.message);
    const dry = await api('pricelist.dryRun', {
      supplierId: supplier.value.id,
      file: token,
      sheet: look.value.sheet,
      headerRow: look.value.headerRow,
      mapping: look.value.mapping,
    });
    if (!dry.ok) throw new Error(dry.error.message);
    const applied = await api('pricelist.apply', { token: dry.value.token });
    if (!applied.ok) throw new Error(applied.error.message);
    rows = applied.value.changed;
    bad = dry.value.summary.bad;
  } finally {
    await core.svc.reader.close();
    core.close();
    tmp.cleanup();
  }
} else throw new Error(`unknown mode ${mode}`);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stdout.write(`${JSON.stringify({ seconds, rows, bad, peakRssMb: peakRssMb() })}\n`);
