/**
 * Power-cut simulation: a child process posts sales as the cashier and is killed with SIGKILL at random moments,
 * over and over on the same data dir. After every kill the database reopens whole: every sale the child was told
 * about is there and posted, no document is half-written, integrity_check is ok and the ledger holds.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { createCore, DB_FILE } from '../core/app';
import { verifyAudit } from '../db/queries/audit';
import { ledgerViolations } from '../db/queries/stock';
import { copyDemoShop } from './demo-template';
import { MIGRATIONS, ROOT, tempDir } from './helpers';

const KILLS = Number(process.env.CRASH_KILLS ?? 50);
const AHEAD = 2;
const UUID_LINE = /^([0-9a-f-]{36}) (\d+)$/;

interface Child {
  proc: ChildProcess;
  out: string[];
  err: string[];
  loaded: Promise<void>;
  ready: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const CHILD_TS = path.join(ROOT, 'test', 'crash-child.ts');
let bundle: string | null = null;

/**
 * Starts a child; it loads its modules and then waits for 'go' before touching the database.
 * `node --import tsx` costs ~0.8 s of CPU per start, so after the first start the same source runs pre-compiled
 * by esbuild (~0.2 s): fifty starts on two busy cores would otherwise dominate the test.
 */
function startChild(dir: string): Child {
  const args = bundle ? [bundle, dir] : ['--import', 'tsx', CHILD_TS, dir];
  const env = { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') };
  const proc = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  const out: string[] = [];
  const err: string[] = [];
  let partial = '';
  const waiters = new Map<string, () => void>();
  const seen = (line: string) => new Promise<void>((resolve) => waiters.set(line, resolve));
  const loaded = seen('loaded');
  const ready = seen('ready');
  proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!; // a line cut by the kill is not a report
    for (const line of parts) {
      out.push(line);
      waiters.get(line)?.();
    }
  });
  proc.stderr!.setEncoding('utf8').on('data', (c: string) => err.push(c));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { proc, out, err, loaded, ready, exited };
}

/** Resolves with the promise, or fails the test with what the child said if it died or hung first. */
async function within<T>(p: Promise<T>, c: Child, what: string, ms = 20_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bad = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`child: no ${what} after ${ms} ms; stderr: ${c.err.join('')}`)), ms);
    void c.exited.then((e) => reject(new Error(`child exited (${e.code ?? e.signal}) before ${what}: ${c.err.join('')}`)));
  });
  try {
    return await Promise.race([p, bad]);
  } finally {
    clearTimeout(timer);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Everything that must hold of the reopened database; returns the number of sales in it. */
function verify(dir: string, reported: Map<string, number>): number {
  const core = createCore({ dataDir: dir, migrationsDir: MIGRATIONS, version: '0.0.0-test', mode: 'local' });
  try {
    const raw = core.db.raw;
    const none = (sql: string) => expect(raw.prepare(sql).all(), sql).toEqual([]);
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(ledgerViolations(core.db)).toEqual([]);
    const byUuid = raw.prepare('SELECT id, type, status FROM documents WHERE uuid = ?');
    for (const [u, id] of reported) expect(byUuid.get(u), `reported sale ${u}`).toEqual({ id, type: 'sale', status: 'posted' });
    // No partial document: lines, one matching movement per line, payments, audit — all or nothing.
    // (Set-based queries: the database grows by thousands of sales over the run.)
    none(`SELECT d.id FROM documents d LEFT JOIN (SELECT document_id, count(*) AS n, total(amount) AS a FROM document_lines GROUP BY document_id) l
          ON l.document_id = d.id WHERE l.n IS NULL OR l.a <> d.total`);
    none(`SELECT l.id FROM document_lines l JOIN documents d ON d.id = l.document_id AND d.type = 'sale'
          LEFT JOIN (SELECT line_id, count(*) AS n, total(qty_delta) AS q, total(value_delta) AS v FROM stock_movements GROUP BY line_id) m ON m.line_id = l.id
          WHERE m.n IS NOT 1 OR m.q <> -l.qty OR m.v <> -l.cost_amount`);
    none(
      `SELECT m.id FROM stock_movements m LEFT JOIN document_lines l ON l.id = m.line_id WHERE l.id IS NULL OR l.document_id <> m.document_id`,
    );
    none(`SELECT d.id FROM documents d LEFT JOIN (SELECT document_id, total(amount) AS a FROM payments GROUP BY document_id) p ON p.document_id = d.id
          WHERE d.type = 'sale' AND (p.a IS NULL OR p.a <> d.total)`);
    none(`SELECT d.id FROM documents d LEFT JOIN (SELECT entity_id, count(*) AS n FROM audit_log WHERE entity = 'document' AND action = 'doc.post' GROUP BY entity_id) a
          ON a.entity_id = CAST(d.id AS TEXT) WHERE a.n IS NOT 1`);
    // Numbering is gap-free: a sale cut off mid-transaction gave its number back.
    const seq = raw
      .prepare(`SELECT count(*) AS n, max(CAST(substr(number, 3) AS INTEGER)) AS top FROM documents WHERE type = 'sale'`)
      .get() as { n: number; top: number | null };
    expect(seq.top ?? 0).toBe(seq.n);
    expect(verifyAudit(core.db).firstBad).toBeNull();
    return seq.n;
  } finally {
    core.close();
  }
}

const dirs: (() => void)[] = [];
afterAll(() => dirs.forEach((d) => d()));

async function buildBundle(): Promise<string> {
  const t = tempDir('lavka-crash-bundle-');
  dirs.push(t.cleanup);
  const outfile = path.join(t.dir, 'crash-child.cjs');
  const define = { 'import.meta.url': JSON.stringify(pathToFileURL(CHILD_TS).href) };
  await build({
    entryPoints: [CHILD_TS],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    packages: 'external',
    define,
    outfile,
    logLevel: 'error',
  });
  return outfile;
}

describe('crash safety', () => {
  it(`survives ${KILLS} SIGKILLs mid-posting on the same data dir`, { timeout: 180_000 }, async () => {
    const t = tempDir('lavka-crash-');
    dirs.push(t.cleanup);
    const reported = new Map<string, number>();
    let sales = 0;
    let hotWal = 0;
    let inFlightCommitted = 0;
    const T = { loaded: 0, ready: 0, verify: 0 };
    // Children start ahead of their turn: loading modules is the slow part, opening the database is not.
    copyDemoShop(t.dir); // under vitest: the run's demo shop, so no child spends its life seeding one
    const queue = [startChild(t.dir)]; // the first one by the plain tsx command: it seeds the demo shop if none is there
    bundle = await buildBundle();
    while (queue.length < AHEAD) queue.push(startChild(t.dir));
    try {
      for (let k = 0; k < KILLS; k++) {
        const c = queue.shift()!;
        let t0 = Date.now();
        await within(c.loaded, c, 'loaded');
        T.loaded += Date.now() - t0;
        t0 = Date.now();
        c.proc.stdin!.write('go\n');
        await within(c.ready, c, 'ready');
        T.ready += Date.now() - t0;
        if (k + queue.length + 1 < KILLS) queue.push(startChild(t.dir)); // loads meanwhile; opens the database only after 'go'
        await sleep(30 + Math.random() * 270);
        c.proc.kill('SIGKILL');
        const exit = await c.exited;
        expect(exit.signal, `child died on its own: ${c.err.join('')}`).toBe('SIGKILL');
        const mine = c.out.map((l) => UUID_LINE.exec(l)).filter((m) => m !== null);
        for (const m of mine) reported.set(m[1]!, Number(m[2]));
        const wal = path.join(t.dir, `${DB_FILE}-wal`);
        if (existsSync(wal) && statSync(wal).size > 0) hotWal++;
        t0 = Date.now();
        const now = verify(t.dir, reported);
        T.verify += Date.now() - t0;
        // At most one sale was in flight: committed but killed before it was reported.
        expect(now - sales - mine.length).toBeGreaterThanOrEqual(0);
        expect(now - sales - mine.length).toBeLessThanOrEqual(1);
        inFlightCommitted += now - sales - mine.length;
        sales = now;
      }
    } finally {
      for (const c of queue) c.proc.kill('SIGKILL');
      await Promise.all(queue.map((c) => c.exited));
    }
    console.log(
      `crash: ${KILLS} kills, ${reported.size} reported sales, ${sales} in the database, ${JSON.stringify(T)}, ${inFlightCommitted} committed-but-unreported, ${hotWal} kills left a hot WAL`,
    );
    expect(reported.size).toBeGreaterThan(KILLS * 3);
    expect(hotWal).toBeGreaterThanOrEqual(Math.floor(KILLS * 0.8));
  });
});
