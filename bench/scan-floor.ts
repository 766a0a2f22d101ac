/**
 * The scan floor: the same scans done the plainest way, in the same Chromium, on the same database, timed the same way.
 * A bare page (bench/floor-server.mjs) receives the same wedge keystrokes, sends the code over a WebSocket to a bare
 * Node server that looks it up with one prepared better-sqlite3 statement and writes the line with another (the
 * app's scan keeps the line in its open cart, on disk), and appends one row to the DOM. The clock is
 * the app bench's own (INSTRUMENT in scan.ts: Enter keydown to the frame after the DOM change has painted), so the
 * ratio app ÷ floor says what Lavka adds over the least any page can do, whatever the machine's speed.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { launchBrowser } from '../e2e/harness';
import { INSTRUMENT, SCAN_PAUSE_MS, scanSequence, typer, type ScanSample, type ScanTyping } from './scan';
import { ROOT } from './util';

const FLOOR_SERVER = path.join(ROOT, 'bench', 'floor-server.mjs');

async function startFloorServer(dbFile: string): Promise<{ url: string; stop(): Promise<void> }> {
  const proc = spawn(process.execPath, [FLOOR_SERVER, dbFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`floor server did not start in 20 s:\n${out}`)), 20_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /floor server: (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`floor server exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    stop: async () => {
      if (proc.exitCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * The floor's page and server, open for a run: baskets of scans go to it one at a time, so the app bench can
 * interleave them with its own (scan.ts benchScan's `floor`): both then meet the machine as it is at that moment.
 */
export interface ScanFloor {
  /** One basket: the list emptied, then each code typed and its row awaited; `first` is the first code's index in the run. */
  basket(codes: string[], first: number): Promise<void>;
  /** The timed scans so far (those at index `warmup` and on). */
  samples(): Promise<ScanSample[]>;
  close(): Promise<void>;
}

export async function openScanFloor(dbFile: string, warmup: number, typing: ScanTyping): Promise<ScanFloor> {
  const srv = await startFloorServer(dbFile);
  let browser: Awaited<ReturnType<typeof launchBrowser>> | null = null;
  const close = async () => {
    await browser?.close();
    await srv.stop();
  };
  try {
    browser = await launchBrowser();
    const page = browser.page;
    await page.addInitScript({ content: INSTRUMENT });
    await page.goto(srv.url);
    await page.waitForSelector('body[data-ready="1"]', { state: 'attached' });
    await page.mouse.move(1, 1);
    const type = await typer(page, typing, 5);
    const done = () => page.evaluate(`window.__scanBench.samples.length + window.__scanBench.failures.length`) as Promise<number>;
    let timed = false;
    return {
      async basket(codes, first) {
        // A new basket starts on an empty list, as the app's does after parking, and a moment later.
        await page.evaluate(
          `window.__scanBench.active = false; document.getElementById('rows').replaceChildren(); window.__scanBench.active = true`,
        );
        await new Promise((r) => setTimeout(r, 500));
        for (let i = 0; i < codes.length; i++) {
          if (timed !== first + i >= warmup) await page.evaluate(`window.__scanBench.timed = ${(timed = first + i >= warmup)}`);
          const before = await done();
          await type(codes[i]!);
          await page.evaluate(`window.__scanBench.waitFor(${before}, 10000)`);
          await new Promise((r) => setTimeout(r, SCAN_PAUSE_MS));
        }
      },
      async samples() {
        const out = (await page.evaluate(`({ samples: window.__scanBench.samples, failures: window.__scanBench.failures })`)) as {
          samples: ScanSample[];
          failures: string[];
        };
        if (out.failures.length)
          throw new Error(`the floor refused ${out.failures.length} scans, e.g. ${out.failures.slice(0, 3).join('; ')}`);
        return out.samples.filter((x) => x.timed);
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/** The floor's timed scans alone (nothing interleaved): the same codes in the same order and baskets as the app bench. */
export async function benchScanFloor(
  dbFile: string,
  codes: string[],
  scans: number,
  warmup: number,
  perCart: number,
  typing: ScanTyping,
): Promise<ScanSample[]> {
  const floor = await openScanFloor(dbFile, warmup, typing);
  try {
    const sequence = scanSequence(codes, warmup + scans, perCart);
    for (let n = 0; n < sequence.length; n += perCart) await floor.basket(sequence.slice(n, n + perCart), n);
    return await floor.samples();
  } finally {
    await floor.close();
  }
}
