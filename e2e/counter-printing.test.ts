import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, type Call, CASHIER, cashierAtTill, closeReceipt, demoBarcode, OWNER, payOnScreen } from './helpers-counter';
import { cp866, CUT, DRAWER_KICK, printerListener, ptyPair, readPty, until, type PrinterCapture } from './helpers-devices';
import { launchBrowser, startServer, type RunningServer } from './harness';

let srv: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let problems: string[];
let printer: PrinterCapture;
let owner: Call;
let cashier: Call;
let dir: string;

const tcpPrinter = (port: number) => ({
  counter: { printer: { transport: 'tcp', host: '127.0.0.1', port, width: 80, codePage: 'cp866', drawer: true } },
});

beforeAll(async () => {
  srv = await startServer({ demo: true });
  dir = mkdtempSync(path.join(tmpdir(), 'lavka-print-'));
  printer = await printerListener(0);
  owner = await apiAs(srv.url, OWNER);
  await owner('settings.set', tcpPrinter(printer.port));
  cashier = await apiAs(srv.url, CASHIER);
  ({ browser, page, problems } = await cashierAtTill(srv.url));
});

afterAll(async () => {
  await browser?.close();
  await printer?.close();
  await srv?.stop();
  // Uncaught errors in the page during the whole file.
  expect(problems ?? []).toEqual([]);
  rmSync(dir, { recursive: true, force: true });
});

async function scan(p: Page, code: string) {
  const input = p.getByTestId('scan-input');
  const before = await p.getByTestId('sale-line').count();
  await input.fill(code);
  await input.press('Enter');
  await p.waitForFunction((n) => document.querySelectorAll('[data-testid="sale-line"]').length > n, before);
}

/** Every printable line of the on-screen preview, as it must come out of the printer (the barcode prints as a symbol). */
async function expectedLines(docNumber: string): Promise<string[]> {
  const sale = (await owner<{ rows: { id: number; number: string }[] }>('sale.list', { limit: 10 })).rows.find(
    (d) => d.number === docNumber,
  )!;
  const { text } = await cashier<{ text: string }>('receipt.preview', { docId: sale.id });
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('|||'));
}

const count = (hay: Buffer, needle: Buffer) => {
  let n = 0;
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) n++;
  return n;
};

describe('receipt printing from the counter', () => {
  it('a sale paid by card and cash prints on a network printer: CP866 text, a cut and the 5-byte drawer kick', async () => {
    await scan(page, demoBarcode(1));
    await scan(page, demoBarcode(7));
    const number = await payOnScreen(page, { card: '50', cash: '1000' });
    await page.getByTestId('receipt-preview').waitFor();
    expect(await page.getByTestId('receipt-preview').innerText()).toContain(number);

    await until(() => cp866(printer.bytes()).includes(number), `receipt ${number} on the printer`, 20_000);
    const job = printer.jobs().find((j) => cp866(j).includes(number))!;
    const text = cp866(job);
    for (const line of await expectedLines(number)) expect(text).toContain(line);
    expect(text).toContain('Milk 1.5%');
    expect(job.includes(Buffer.from('Наличные', 'utf8'))).toBe(false); // not UTF-8 on the wire
    expect(count(job, CUT)).toBeGreaterThanOrEqual(1);
    expect(count(job, DRAWER_KICK)).toBe(1);
    expect(job.indexOf(DRAWER_KICK)).toBeGreaterThan(job.indexOf(CUT));

    // A reprint comes out as a second job for the same sale, without opening the drawer again.
    await page.getByTestId('receipt-reprint').click();
    await page.getByTestId('receipt-reprinted').waitFor();
    await until(() => printer.jobs().filter((j) => cp866(j).includes(number)).length === 2, 'the reprint', 20_000);
    const copy = printer.jobs().filter((j) => cp866(j).includes(number))[1]!;
    expect(count(copy, DRAWER_KICK)).toBe(0);
    await closeReceipt(page);
  });

  it('with the printer off the sale still posts; the receipt prints once when the printer is back on the same port', async () => {
    await printer.close();
    const printedBefore = printer.jobs().length;
    await scan(page, demoBarcode(3));
    const number = await payOnScreen(page);
    // Posted: it is in the ledger even though nothing printed.
    expect((await owner<{ rows: { number: string }[] }>('sale.list', { limit: 10 })).rows.map((d) => d.number)).toContain(number);
    await until(
      async () => (await cashier<{ queued: number; state: string }>('printer.status')).queued >= 1,
      'the receipt to wait in the queue',
      20_000,
    );
    await page.locator('[data-testid="printer-status"][data-state="offline"]').waitFor({ timeout: 20_000 });
    await closeReceipt(page);

    await printer.reopen();
    await until(() => printer.jobs().some((j) => cp866(j).includes(number)), `receipt ${number} after the printer came back`, 40_000);
    await page.locator('[data-testid="printer-status"][data-queued="0"]').waitFor({ timeout: 20_000 });
    const jobs = printer
      .jobs()
      .slice(printedBefore)
      .filter((j) => cp866(j).includes(number));
    expect(jobs).toHaveLength(1);
  });

  it('a serial receipt printer (PTY pair) gets the same receipt bytes', async () => {
    const pair = await ptyPair(dir, 'printer');
    const wire = readPty(pair.host);
    try {
      await owner('settings.set', {
        counter: { printer: { transport: 'serial', path: pair.device, baudRate: 9600, width: 80, codePage: 'cp866', drawer: true } },
      });
      await scan(page, demoBarcode(11));
      const number = await payOnScreen(page, { cash: '5000' });
      await until(
        () => cp866(wire.bytes()).includes(number) && count(wire.bytes(), DRAWER_KICK) >= 1,
        `receipt ${number} on the serial line`,
        20_000,
      );
      const text = cp866(wire.bytes());
      for (const line of await expectedLines(number)) expect(text).toContain(line);
      expect(count(wire.bytes(), CUT)).toBeGreaterThanOrEqual(1);
      expect(count(wire.bytes(), DRAWER_KICK)).toBe(1);
      await closeReceipt(page);
    } finally {
      await owner('settings.set', tcpPrinter(printer.port));
      wire.stop();
      await pair.unplug();
    }
  });
});
