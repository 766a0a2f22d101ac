/**
 * The device service inside a running AppHost, against a real TCP "printer" on 127.0.0.1: receipts of counter sales
 * rendered from the ledger, printer down and back, status polling, reprint, preview, the drawer with and without a
 * manager, and the Z report at shift close. Settings go through the API, like the settings screen.
 */
import iconv from 'iconv-lite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../core/api/dispatch';
import type { PrinterStatus } from '../core/contract/api';
import { printerOutbox } from '../core/devices/print-outbox';
import { formatMoney } from '../core/devices/receipt';
import { enqueue } from '../db/queries/outbox';
import { inTransaction } from '../db/connection';
import { includedTax } from '../core/money';
import { auditCount, auditSince } from './db-dump';
import { DEMO, unwrap, uuid } from './helpers';
import {
  CUT,
  KICK,
  PAPER_OUT,
  READY,
  escposLines,
  fakePrinter,
  login,
  lr,
  sell,
  sleep,
  startHost,
  until,
  type FakePrinter,
  type TestHost,
} from './devices-service-kit';

const W = 32; // 58 mm paper
let t: TestHost;
let printer: FakePrinter;
let owner: Caller;
let cashier: Caller;
let milk = 0;
let cheese = 0;
let cashierName = '';

const pending = (): { id: number; topic: string; attempts: number }[] =>
  printerOutbox(t.host.core!.db)
    .pending()
    .map(({ id, topic, attempts }) => ({ id, topic, attempts }));
const status = async (): Promise<PrinterStatus> => unwrap(await cashier('printer.status', {}));

/** Waits for the printer to have `n` jobs and returns the last. */
async function nthJob(n: number): Promise<Buffer> {
  await until(() => printer.jobs().length >= n, 5000, `print job ${n}`);
  return printer.jobs()[n - 1]!;
}

beforeAll(async () => {
  t = startHost();
  printer = await fakePrinter();
  owner = await login(t.host, DEMO.owner.id, DEMO.owner.pin);
  cashier = await login(t.host, DEMO.cashier.id, DEMO.cashier.pin);
  cashierName = unwrap(await cashier('auth.me', {})).user.name;
  unwrap(
    await owner('settings.set', {
      shopName: 'Лавка у дома',
      shopAddress: 'г. Тверь, ул. Советская, 5',
      locale: 'ru',
      taxRates: [
        { name: 'НДС 20%', rateBp: 2000 },
        { name: 'НДС 10%', rateBp: 1000 },
        { name: 'Без НДС', rateBp: 0 },
      ],
    }),
  );
  milk = unwrap(await owner('catalog.upsert', { sku: 'MLK', name: 'Молоко 3.2%', unit: 'pcs', price: 8990, taxRateBp: 1000 })).id;
  cheese = unwrap(await owner('catalog.upsert', { sku: 'CHS', name: 'Сыр российский', unit: 'kg', price: 89900, taxRateBp: 2000 })).id;
});

/** Each test starts from the same counter, whatever ran before: the TCP printer configured, up and ready, nothing queued, a shift open. */
beforeEach(async () => {
  printer.answers = { ...READY };
  unwrap(
    await owner('settings.set', {
      counter: { printer: { transport: 'tcp', host: '127.0.0.1', port: printer.port, width: 58, codePage: 'cp866', drawer: true } },
    }),
  );
  // Sales need an open shift (counter rule): a 1000.00 float.
  if (!unwrap(await cashier('shift.current', {}))) unwrap(await cashier('shift.open', { float: 100000 }));
  await until(async () => (await status()).state === 'ok', 5000, 'printer ok');
  await until(() => pending().length === 0, 5000, 'no job left from an earlier test');
});

afterAll(async () => {
  await t?.cleanup();
  await printer?.close();
});

describe('device service over TCP', () => {
  it('a sale paid by card and cash prints from the ledger: CP866 text, totals, payments, barcode, cut, 5-byte kick', async () => {
    const before = printer.jobs().length;
    const sale = await sell(
      cashier,
      [
        { productId: milk, qty: 2000 },
        { productId: cheese, qty: 523 },
      ],
      [
        { method: 'card', amount: 50000 },
        { method: 'cash', amount: 20000 },
      ],
    );
    expect(sale.total).toBe(17980 + 47018);
    const job = await nthJob(before + 1);
    expect(job.subarray(0, 5)).toEqual(Buffer.from([0x1b, 0x40, 0x1b, 0x74, 17])); // init, ESC t 17 (PC866)
    expect(job.includes(iconv.encode('Лавка у дома', 'cp866'))).toBe(true);
    const lines = escposLines(job);
    expect(lines.some((l) => l.trim() === 'Лавка у дома')).toBe(true);
    expect(lines.some((l) => l.trim() === 'г. Тверь, ул. Советская, 5')).toBe(true);
    expect(lines).toContain('Молоко 3.2%');
    expect(lines).toContain(lr('  2 x 89.90', '179.80', W));
    expect(lines).toContain('Сыр российский');
    expect(lines).toContain(lr('  0.523 x 899.00', '470.18', W));
    expect(lines).toContain(lr('ИТОГО', '649.98', W));
    expect(lines).toContain(lr('в т.ч. НДС 20%', formatMoney(includedTax(47018, 2000)), W));
    expect(lines).toContain(lr('в т.ч. НДС 10%', formatMoney(includedTax(17980, 1000)), W));
    // The ledger keeps net payments (cash 149.98); cart.pay's job carries the change, so the tendered cash prints.
    expect(lines).toContain(lr('Карта', '500.00', W));
    expect(lines).toContain(lr('Наличные', '200.00', W));
    expect(lines).toContain(lr('Сдача', '50.02', W));
    expect(lines).toContain(lr('Кассир:', cashierName, W));
    expect(lines.some((l) => l.startsWith(`Чек ${sale.number} `))).toBe(true);
    // CODE128 of the document number; the cut; then exactly one full drawer kick.
    expect(
      job.includes(Buffer.concat([Buffer.from([0x1d, 0x6b, 73, sale.number.length + 2]), Buffer.from(`{B${sale.number}`, 'latin1')])),
    ).toBe(true);
    expect(job.includes(CUT)).toBe(true);
    expect(job.indexOf(KICK)).toBeGreaterThan(job.indexOf(CUT));
    expect(job.indexOf(Buffer.from([0x1b, 0x70]))).toBe(job.lastIndexOf(Buffer.from([0x1b, 0x70])));
    await until(() => pending().length === 0, 5000, 'outbox row delivered');

    // The preview is the same layout as text: the printed lines, one for one (the barcode is drawn by the printer).
    const preview = unwrap(await cashier('receipt.preview', { docId: sale.id }));
    expect(preview.width).toBe(58);
    const previewLines = preview.text.split('\n').filter((l) => l && !l.includes('|||'));
    expect(lines.map((l) => l.trimEnd()).filter(Boolean)).toEqual(previewLines);
  });

  it('a job that knows the change prints cash tendered and change (sale.post, whose job the test writes)', async () => {
    // sale.post writes no print job of its own; this is the row a posting path that knows the tendered cash writes.
    const before = printer.jobs().length;
    const r = unwrap(
      await cashier('sale.post', { uuid: uuid(), lines: [{ productId: milk, qty: 1000 }], payments: [{ method: 'cash', amount: 10000 }] }),
    );
    expect(r.change).toBe(1010);
    const db = t.host.core!.db;
    inTransaction(db, () => enqueue(db, 'receipt.print', { docId: r.id, change: r.change }));
    t.host.core!.svc.devices!.outboxChanged();
    const lines = escposLines(await nthJob(before + 1));
    expect(lines).toContain(lr('Наличные', '100.00', W));
    expect(lines).toContain(lr('Сдача', '10.10', W));
    // The preview asks the original job for the change, so it shows the same.
    expect(unwrap(await cashier('receipt.preview', { docId: r.id })).text).toContain(lr('Сдача', '10.10', W));
  });

  it('printer down: the sale still posts, the receipt waits in the outbox, and prints exactly once when the printer is back', async () => {
    const port = printer.port;
    const before = printer.jobs().length;
    await printer.close();
    await until(async () => (await status()).state === 'offline', 5000, 'offline');

    // How long the checkout takes with the printer down is a bench figure (bench/devices.ts).
    const sale = await sell(cashier, [{ productId: milk, qty: 1000 }], [{ method: 'card', amount: 8990 }]);
    expect(sale.replayed).toBe(false);
    await until(() => pending().some((r) => r.attempts >= 2), 5000, 'failed attempts');
    expect(await status()).toMatchObject({ state: 'offline', queued: 1 });
    expect(t.events).toContainEqual({ type: 'printer.status', state: 'offline', queued: 1 });

    const back = await fakePrinter(port);
    back.conns.push(...printer.conns); // one record of everything this "printer" got
    printer = back;
    const job = await nthJob(before + 1);
    expect(escposLines(job).some((l) => l.startsWith(`Чек ${sale.number} `))).toBe(true);
    await sleep(600); // several poll and retry periods: room for a duplicate to show up
    expect(printer.jobs()).toHaveLength(before + 1);
    expect(pending()).toEqual([]);
    expect(await status()).toMatchObject({ state: 'ok', queued: 0 });
  });

  it('reprint: a КОПИЯ without a drawer kick, audited', async () => {
    const before = printer.jobs().length;
    const sale = await sell(cashier, [{ productId: cheese, qty: 1000 }], [{ method: 'cash', amount: 89900 }]);
    const original = await nthJob(before + 1);
    expect(original.includes(KICK)).toBe(true);
    const audits = auditCount(t.host.core!.db);
    expect(unwrap(await cashier('receipt.reprint', { docId: sale.id }))).toEqual({ queued: true });
    expect(auditSince(t.host.core!.db, audits)).toEqual([
      { action: 'receipt.reprint', entityId: String(sale.id), userId: DEMO.cashier.id },
    ]);
    const copy = await nthJob(before + 2);
    const lines = escposLines(copy);
    expect(lines.some((l) => l.trim() === 'КОПИЯ')).toBe(true);
    expect(lines.some((l) => l.startsWith(`Чек ${sale.number} `))).toBe(true);
    expect(copy.includes(Buffer.from([0x1b, 0x70]))).toBe(false);
    // Not a sale or return: no receipt.
    expect(await cashier('receipt.reprint', { docId: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
  });

  it('drawer.open: refused to a cashier without approval (audited), done with a manager PIN: audited and kicked', async () => {
    const db = t.host.core!.db;
    const before = printer.jobs().length;
    let audits = auditCount(db);
    expect(await cashier('drawer.open', { reason: 'change for a customer' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(auditSince(db, audits).map((a) => a.action)).toEqual(['approval.required']);
    await sleep(300);
    expect(printer.jobs()).toHaveLength(before);

    audits = auditCount(db);
    const approval = { userId: DEMO.manager.id, pin: DEMO.manager.pin };
    expect(await cashier('drawer.open', { reason: 'change for a customer', approval })).toEqual({ ok: true, value: null });
    expect(auditSince(db, audits).map((a) => a.action)).toEqual(['approval.granted', 'drawer.open']);
    const row = db.raw.prepare(`SELECT data FROM audit_log WHERE action = 'drawer.open' ORDER BY id DESC LIMIT 1`).get() as {
      data: string;
    };
    expect(JSON.parse(row.data)).toEqual({ reason: 'change for a customer', approvedBy: DEMO.manager.id });
    expect((await nthJob(before + 1)).equals(KICK)).toBe(true);
  });

  it('status: paper out is reported and holds the queue; paper loaded, the receipt prints', async () => {
    const before = printer.jobs().length;
    printer.answers = { ...PAPER_OUT };
    await until(async () => (await status()).state === 'paper_out', 5000, 'paper_out');
    expect(t.events.some((e) => e.type === 'printer.status' && e.state === 'paper_out')).toBe(true);
    // The status keeps being polled while the paper is out.
    const checkedAt = (await status()).checkedAt!;
    await until(async () => (await status()).checkedAt! > checkedAt, 5000, 'a newer status poll');

    const sale = await sell(cashier, [{ productId: milk, qty: 3000 }], [{ method: 'card', amount: 26970 }]);
    await sleep(500);
    expect(printer.jobs()).toHaveLength(before); // not sent into a printer that said it cannot print
    expect(await status()).toMatchObject({ state: 'paper_out', queued: 1 });

    printer.answers = { ...READY };
    const job = await nthJob(before + 1);
    expect(escposLines(job).some((l) => l.startsWith(`Чек ${sale.number} `))).toBe(true);
    await until(async () => (await status()).queued === 0, 5000, 'queue empty');
    expect((await status()).state).toBe('ok');
  });

  it('a line discount prints under its line; a cash return prints as Возврат and opens the drawer', async () => {
    const before = printer.jobs().length;
    const cart = unwrap(await cashier('cart.current', {}));
    const line = unwrap(await cashier('cart.add', { cartId: cart.id, productId: milk, qty: 2000 })).lines[0]!;
    const priced = unwrap(await cashier('cart.discount', { cartId: cart.id, lineId: line.id, percentBp: 500 }));
    const discount = priced.lines[0]!.discount;
    expect(discount).toBe(899);
    const sale = unwrap(await cashier('cart.pay', { cartId: cart.id, uuid: uuid(), payments: [{ method: 'card', amount: priced.total }] }));
    const lines = escposLines(await nthJob(before + 1));
    const at = lines.indexOf(lr('  2 x 89.90', '179.80', W));
    expect(lines.slice(at, at + 3)).toEqual([lr('  2 x 89.90', '179.80', W), lr('  Скидка', '-8.99', W), lr('', '= 170.81', W)]);
    expect(lines).toContain(lr('ИТОГО', '170.81', W));

    const found = unwrap(await cashier('receipt.find', { code: sale.number.replace('S', 'Ы') })); // a wedge on the Russian layout
    expect(found.sale.id).toBe(sale.id);
    const ret = unwrap(
      await cashier('return.post', {
        kind: 'receipt',
        uuid: uuid(),
        saleId: sale.id,
        lines: [{ saleLineId: found.lines[0]!.saleLineId, qty: 1000 }],
        refund: 'cash',
      }),
    );
    const job = await nthJob(before + 2);
    const retLines = escposLines(job);
    expect(retLines).toContain(`Возврат ${ret.number}`); // with the time on the next line: the number is never cut
    expect(retLines).toContain(lr('ИТОГО', formatMoney(ret.total), W));
    expect(retLines).toContain(lr('Наличные', formatMoney(ret.total), W));
    expect(job.includes(KICK)).toBe(true); // cash goes out of the drawer
  });

  it('shift close prints the kept Z report', async () => {
    const before = printer.jobs().length;
    const x = unwrap(await cashier('shift.x', {}));
    const z = unwrap(await cashier('shift.close', { countedCash: x.expectedCash - 500 }));
    expect(z.kind).toBe('Z');
    const lines = escposLines(await nthJob(before + 1));
    expect(lines).toContain(lr('Z-ОТЧЁТ', `Смена ${z.shift.number}`, W));
    expect(lines).toContain(lr(`Продажи (${z.sales.count})`, formatMoney(z.sales.total), W));
    expect(lines).toContain(lr('Ожидается в кассе', formatMoney(z.expectedCash), W));
    expect(lines).toContain(lr('Пересчитано', formatMoney(x.expectedCash - 500), W));
    expect(lines).toContain(lr('Расхождение', '-5.00', W));
    expect(printer.jobs()[before]!.includes(Buffer.from([0x1b, 0x70]))).toBe(false);
  });

  it('printer settings changed to none: not_configured, jobs are consumed without printing', async () => {
    unwrap(await owner('settings.set', { counter: { printer: { transport: 'none' } } }));
    await until(async () => (await status()).state === 'not_configured', 5000, 'not_configured');
    const before = printer.jobs().length;
    await sell(cashier, [{ productId: milk, qty: 1000 }], [{ method: 'cash', amount: 8990 }]);
    await until(() => pending().length === 0, 5000, 'consumed');
    expect(printer.jobs()).toHaveLength(before);
  });
});
