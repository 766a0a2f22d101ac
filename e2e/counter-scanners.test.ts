import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ptyPair, writeTo, type PtyPair } from './helpers-devices';
import { apiAs, cashierAtTill, demoBarcode, OWNER, readDb, screenLines, SLOW, withCheckDigit } from './helpers-counter';
import { launchBrowser, startServer, type RunningServer } from './harness';

const GS = '\x1d';
let srv: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let dir: string;
let scanner: PtyPair;
let problems: string[] = [];

beforeAll(async () => {
  srv = await startServer({ demo: true });
  dir = mkdtempSync(path.join(tmpdir(), 'lavka-scan-'));
  scanner = await ptyPair(dir, 'scanner');
  // The owner sets the counter up before the cashier logs in; the server process owns the port.
  const owner = await apiAs(srv.url, OWNER);
  await owner('settings.set', { counter: { scanner: { path: scanner.device, baudRate: 9600, suffix: 'CR' } } });
  ({ browser, page, problems } = await cashierAtTill(srv.url));
});

afterAll(async () => {
  await browser?.close();
  await scanner?.unplug();
  await srv?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Keys as a USB scanner sends them: 10 ms apart by the device's clock whatever the load on this machine (the events
 * carry their timestamps; page.keyboard.type would space them by this process's timers, which stretch when two
 * browsers share two cores), then Enter.
 */
async function scannerTypes(p: Page, code: string): Promise<void> {
  const cdp = await p.context().newCDPSession(p);
  const t0 = Date.now() / 1000;
  const keys = [...code]
    .map((ch) => ({ key: ch, code: `Digit${ch}`, vk: ch.charCodeAt(0), text: ch }))
    .concat({ key: 'Enter', code: 'Enter', vk: 13, text: '\r' });
  await Promise.all(
    keys.flatMap((k, i) => [
      cdp.send('Input.dispatchKeyEvent', {
        type: 'keyDown',
        key: k.key,
        code: k.code,
        windowsVirtualKeyCode: k.vk,
        text: k.text,
        timestamp: t0 + i * 0.01,
      }),
      cdp.send('Input.dispatchKeyEvent', {
        type: 'keyUp',
        key: k.key,
        code: k.code,
        windowsVirtualKeyCode: k.vk,
        timestamp: t0 + i * 0.01 + 0.002,
      }),
    ]),
  );
  await cdp.detach();
}

const beeps = () => page.evaluate(() => Number(document.documentElement.dataset.beeps ?? 0));
const lineCount = () => page.getByTestId('sale-line').count();

describe('keyboard-wedge scanner, wherever the focus is', () => {
  /**
   * Whether the selected line (the one the last scan touched) is product `productId`'s and wholly in view below the
   * sticky column titles. By the selection, not the product: another test may have left a marked line of the same one.
   */
  const inView = (productId: number) =>
    page.evaluate((id) => {
      const box = document.querySelector('[data-testid="sale-lines"]')!.getBoundingClientRect();
      const head = document.querySelector('[data-cart-head]')!.getBoundingClientRect();
      const sel = document.querySelector('[data-testid="sale-line"][data-selected]');
      if (sel?.getAttribute('data-product-id') !== String(id)) return false;
      const row = sel.getBoundingClientRect();
      return row.top >= head.bottom - 1 && row.bottom <= box.bottom + 1;
    }, productId);

  const putAside = async () => {
    await page.keyboard.press('F7');
    await page.getByTestId('park-note').press('Enter');
    await page.getByTestId('sale-empty').waitFor();
  };

  it('a long receipt shows each new line as it is scanned, and a scan adding to a line scrolled away brings it back', async () => {
    // A receipt of its own: other tests' lines (a marked or weighed line of the same product) would be a second row.
    if (await lineCount()) await putAside();
    for (let n = 1; n <= 12; n++) {
      await scannerTypes(page, demoBarcode(n));
      await expect.poll(() => screenLines(page), SLOW).toContainEqual(expect.objectContaining({ productId: n }));
      // A new line is in view as it appears; a line the scan added to (another test's) once its frame is laid out.
      await expect.poll(() => inView(n), { ...SLOW, message: `line of product ${n} in view` }).toBe(true);
    }
    const first = (await screenLines(page))[0]!;
    // Twelve lines do not fit the box: the first one has scrolled away under the titles.
    const firstInView = () =>
      page.evaluate(() => {
        const head = document.querySelector('[data-cart-head]')!.getBoundingClientRect();
        return document.querySelector('[data-testid="sale-line"]')!.getBoundingClientRect().top >= head.bottom - 1;
      });
    expect(await firstInView()).toBe(false);
    await scannerTypes(page, demoBarcode(first.productId));
    await expect
      .poll(() => screenLines(page), SLOW)
      .toContainEqual(expect.objectContaining({ productId: first.productId, qty: first.qty + 1000 }));
    await expect.poll(() => inView(first.productId), SLOW).toBe(true);
    expect(await firstInView()).toBe(true);
    // Scrolled back to that line, the box no longer shows its end: a new line scanned now is brought into view too.
    await scannerTypes(page, demoBarcode(13));
    await expect.poll(() => screenLines(page), SLOW).toContainEqual(expect.objectContaining({ productId: 13 }));
    await expect.poll(() => inView(13), { ...SLOW, message: 'line of product 13 in view' }).toBe(true);
    // The other tests here expect their own quantities: this receipt is put aside.
    await putAside();
  });

  it('a 10 ms burst + Enter adds the product; the focused field keeps its text', async () => {
    const phone = page.getByTestId('customer-phone');
    const before = await lineCount();
    await phone.fill('+7900');
    // Stamped 10 ms apart by the scanner's clock: a loaded machine must not stretch the burst into typing.
    await scannerTypes(page, demoBarcode(1));
    await expect.poll(() => screenLines(page), SLOW).toContainEqual(expect.objectContaining({ productId: 1, qty: 1000 }));
    expect(await lineCount()).toBe(before + 1);
    expect(await phone.inputValue()).toBe('+7900');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('customer-phone');
    await phone.fill('');
  });

  it('the same keys 150 ms apart are typing: they stay in the field and add nothing', async () => {
    const phone = page.getByTestId('customer-phone');
    const before = await lineCount();
    await phone.fill('');
    await page.keyboard.type(demoBarcode(3), { delay: 150 });
    await page.keyboard.press('Enter');
    expect(await phone.inputValue()).toBe(demoBarcode(3));
    await page.waitForTimeout(300);
    expect(await lineCount()).toBe(before);
    await phone.press('Escape');
  });

  it('in the scan field a burst never shows (no input event at all); a code typed by hand shows key by key and Enter adds it', async () => {
    const field = page.getByTestId('scan-input');
    await field.focus();
    await page.evaluate(() => {
      const el = document.querySelector('[data-testid="scan-input"]')!;
      el.setAttribute('data-inputs', '0');
      el.addEventListener('input', () => el.setAttribute('data-inputs', String(Number(el.getAttribute('data-inputs')) + 1)));
    });
    const inputs = async () => Number(await field.getAttribute('data-inputs'));
    const before = await lineCount();
    await scannerTypes(page, demoBarcode(7));
    await expect.poll(() => lineCount(), SLOW).toBe(before + 1);
    expect(await inputs()).toBe(0);
    expect(await field.inputValue()).toBe('');

    // By hand: each key reaches the field (held back only ~40 ms), Backspace edits it, Enter submits what is there.
    const code = demoBarcode(8);
    await page.keyboard.type(code.slice(0, 5) + '9', { delay: 150 });
    await expect.poll(() => field.inputValue(), SLOW).toBe(code.slice(0, 5) + '9');
    expect(await inputs()).toBe(6);
    await page.keyboard.press('Backspace');
    await page.keyboard.type(code.slice(5), { delay: 150 });
    await expect.poll(() => field.inputValue(), SLOW).toBe(code);
    await page.keyboard.press('Enter');
    await expect.poll(() => lineCount(), SLOW).toBe(before + 2);
    expect((await screenLines(page)).some((l) => l.productId === 8)).toBe(true);
    expect(await field.inputValue()).toBe('');
  });

  it('the scan field waits with a steady caret: an idle till draws nothing, so a scanned line paints at once', async () => {
    const field = page.getByTestId('scan-input');
    await field.focus();
    expect(await field.evaluate((el) => getComputedStyle(el).getPropertyValue('caret-animation'))).toBe('manual');
    // A blinking caret redraws the screen twice a second, and a frame just drawn keeps the compositor on the vsync grid:
    // a scan answered then waits for the next tick. The screencast sends a frame only when the picture changed.
    const cdp = await page.context().newCDPSession(page);
    let frames = 0;
    cdp.on('Page.screencastFrame', (f: { sessionId: number }) => {
      frames += 1;
      void cdp.send('Page.screencastFrameAck', { sessionId: f.sessionId });
    });
    await cdp.send('Page.startScreencast', { format: 'png' });
    // The first frame (the screen as it is), then quiet: the last test's scan may still be settling on a loaded
    // machine (CI once saw one frame after 400 ms). A blinking caret draws every ~500 ms, so it is never quiet for
    // 700 ms: settling gives up after 5 s and the count below sees its blinks.
    await expect.poll(() => frames, SLOW).toBeGreaterThan(0);
    for (let seen = frames, quietSince = Date.now(), start = Date.now(); Date.now() - start < 5000;) {
      await new Promise((r) => setTimeout(r, 50));
      if (frames !== seen) [seen, quietSince] = [frames, Date.now()];
      else if (Date.now() - quietSince >= 700) break;
    }
    const first = frames;
    await new Promise((r) => setTimeout(r, 1500)); // three blinks' time
    await cdp.send('Page.stopScreencast');
    await cdp.detach();
    expect(frames - first).toBe(0);
  });

  it('a weight label (21 PPPPP WWWWW C) adds 0.523 kg at the price per kg; a bad check digit is refused with a beep', async () => {
    const bananas = readDb(
      srv.dataDir,
      (db) => db.prepare("SELECT id, price FROM products WHERE plu = 1 AND unit = 'kg'").get() as { id: number; price: number },
    );
    const code = withCheckDigit('2100001' + '00523');
    const before = await lineCount();
    await page.getByTestId('scan-input').focus();
    // As the scale's label scanner sends it: a burst stamped by the device's clock (see scannerTypes).
    await scannerTypes(page, code);
    await expect.poll(() => lineCount(), SLOW).toBe(before + 1);
    const line = (await screenLines(page)).find((l) => l.productId === bananas.id)!;
    expect(line.qty).toBe(523);
    // 139.00 per kg × 0.523 kg = 72.697 → 72.70, rounded half up in integers.
    expect(line.amount).toBe(Math.floor((bananas.price * 523 * 2 + 1000) / 2000));

    const misread = code.slice(0, -1) + String((Number(code.at(-1)) + 1) % 10);
    const beeped = await beeps();
    await scannerTypes(page, misread);
    await page.getByTestId('scan-error').waitFor();
    expect(await page.getByTestId('scan-error').getAttribute('data-code')).toBe('invalid_barcode');
    expect(await beeps()).toBe(beeped + 1);
    expect(await lineCount()).toBe(before + 1);
    expect(await page.getByTestId('scan-input').inputValue()).toBe('');
  });
});

describe('serial scanner (socat PTY pair)', () => {
  it('a code + CR adds the line; after an unplug and replug it works again without a restart', async () => {
    const before = await lineCount();
    writeTo(scanner.host, `${demoBarcode(5)}\r`);
    await expect.poll(() => screenLines(page), SLOW).toContainEqual(expect.objectContaining({ productId: 5, qty: 1000 }));
    expect(await lineCount()).toBe(before + 1);

    await scanner.unplug();
    await page.locator('[data-testid="scanner-status"][data-connected="false"]').waitFor();
    scanner = await ptyPair(dir, 'scanner');
    await page.locator('[data-testid="scanner-status"][data-connected="true"]').waitFor({ timeout: 15_000 });
    writeTo(scanner.host, `${demoBarcode(6)}\r`);
    await expect.poll(() => screenLines(page), SLOW).toContainEqual(expect.objectContaining({ productId: 6, qty: 1000 }));
  });

  it('a GS1 DataMatrix code keeps its GS separators all the way into the stored cart line', async () => {
    const gtin = '0' + demoBarcode(2);
    const marking = `01${gtin}21sN4"qL!x${GS}91EE06${GS}92dGVzdC1jcnlwdG8tdGFpbA==`;
    const before = await lineCount();
    writeTo(scanner.host, `${marking}\r`);
    await expect.poll(() => lineCount(), SLOW).toBe(before + 1);
    expect(await screenLines(page)).toContainEqual(expect.objectContaining({ productId: 2, qty: 1000 }));
    const stored = readDb(
      srv.dataDir,
      (db) => db.prepare('SELECT marking FROM cart_lines WHERE marking IS NOT NULL').all() as { marking: string }[],
    );
    expect(stored.map((r) => r.marking)).toEqual([marking]);
  });

  it('an unknown code is refused with a message and a beep, never a line', async () => {
    const before = await lineCount();
    const beeped = await beeps();
    writeTo(scanner.host, `${withCheckDigit('460999999999')}\r`);
    await page.getByTestId('scan-error').waitFor();
    await expect.poll(() => page.getByTestId('scan-error').getAttribute('data-code'), SLOW).toBe('unknown_barcode');
    expect(await beeps()).toBe(beeped + 1);
    expect(await lineCount()).toBe(before);
    expect(problems).toEqual([]);
  });
});
