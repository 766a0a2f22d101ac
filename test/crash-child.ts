/**
 * Crash-test child: `node --import tsx test/crash-child.ts DIR`.
 * Loads everything first, then waits for a line on stdin (so the parent can start it ahead of time and hide the
 * start-up cost), opens the demo shop in DIR, logs in as the cashier, prints `ready` and posts sales forever,
 * printing `<uuid> <id>` on stdout only after each call has returned ok. The parent kills it with SIGKILL.
 */
import { randomUUID } from 'node:crypto';
import { writeSync } from 'node:fs';
import { createCore } from '../core/app';
import { DEMO, MIGRATIONS, openShift } from './helpers';

const dir = process.argv[2];
if (!dir) throw new Error('usage: crash-child.ts DIR');

const say = (line: string): void => void writeSync(1, line + '\n');

async function main(): Promise<void> {
  say('loaded');
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  process.stdin.pause();
  const core = createCore({ dataDir: dir!, migrationsDir: MIGRATIONS, version: '0.0.0-crash', mode: 'local', demo: true });
  openShift(core);
  const login = await core.call({ session: null }, 'auth.login', { userId: DEMO.cashier.id, pin: DEMO.cashier.pin });
  if (!login.ok) throw new Error(`login: ${login.error.message}`);
  const api = core.caller({ session: core.sessions.get((login.value as { token: string }).token) });
  const ids = (core.db.raw.prepare('SELECT id FROM products WHERE active = 1 ORDER BY id LIMIT 40').all() as { id: number }[]).map(
    (r) => r.id,
  );
  // Quantities that are not whole are weighed goods (goods sold by the piece are whole on every path).
  const weighed = (
    core.db.raw.prepare(`SELECT id FROM products WHERE active = 1 AND unit = 'kg' ORDER BY id LIMIT 5`).all() as { id: number }[]
  ).map((r) => r.id);
  say('ready');
  for (let n = 0; ; n++) {
    const lines = Array.from({ length: 1 + (n % 3) }, (_, i) =>
      n % 4 === 0
        ? { productId: weighed[(n + i) % weighed.length]!, qty: 523 + i }
        : { productId: ids[(n * 7 + i * 13) % ids.length]!, qty: 1000 * (1 + i) },
    );
    const id = randomUUID();
    const r = await api('sale.post', {
      uuid: id,
      lines,
      payments:
        n % 5 === 0
          ? [
              { method: 'card', amount: 1 },
              { method: 'cash', amount: 10_000_000 },
            ]
          : [{ method: 'cash', amount: 10_000_000 }],
    });
    if (!r.ok) {
      process.stderr.write(`sale failed: ${r.error.code}: ${r.error.message}\n`);
      process.exit(2);
    }
    say(`${id} ${(r.value as { id: number }).id}`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
