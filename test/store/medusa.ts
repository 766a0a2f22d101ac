// The Medusa server process and its CLI. It runs in production mode with telemetry off (otherwise a child process
// tries DNS), in its own process group so stopping it leaves nothing behind, and logs to a file the errors quote.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MEDUSA_DIR } from './install';
import { rssOf } from './postgres';
import { killOnExit, run, tailOfFile } from './processes';

const CLI = path.join(MEDUSA_DIR, 'node_modules', '@medusajs', 'cli', 'cli.js');

/** Only what Medusa needs: the test runner's own variables (NODE_OPTIONS, VITEST_*) stay out. */
export function medusaEnv(databaseUrl: string, eventsUrl?: string, hook?: { url: string; secret: string }): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    NODE_ENV: 'production',
    MEDUSA_DISABLE_TELEMETRY: 'true',
    DATABASE_URL: databaseUrl,
  };
  if (eventsUrl) env.LAVKA_STORE_EVENTS_URL = eventsUrl;
  if (hook) {
    env.LAVKA_HOOK_URL = hook.url;
    env.LAVKA_HOOK_SECRET = hook.secret;
  }
  return env;
}

export function medusaCli(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return run(process.execPath, [CLI, ...args], { cwd: MEDUSA_DIR, env, timeoutMs: 10 * 60_000 });
}

export interface MedusaServer {
  readonly port: number;
  readonly running: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** SIGKILL, as a crash or the OOM killer would: no graceful shutdown, whatever is in flight is cut. */
  kill(): Promise<void>;
  rssKb(): number;
  logTail(lines?: number): string;
}

export function medusaServer(port: number, env: NodeJS.ProcessEnv, logFile: string): MedusaServer {
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  let forget: () => void = () => undefined;

  const killGroup = (pid: number, signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  };

  return {
    port,
    get running() {
      return child !== null;
    },
    async start() {
      if (child) throw new Error('the store is already running');
      const log = openSync(logFile, 'a');
      const proc = spawn(process.execPath, [CLI, 'start', '-H', '127.0.0.1', '-p', String(port)], {
        cwd: MEDUSA_DIR,
        env,
        detached: true,
        stdio: ['ignore', log, log],
      });
      closeSync(log);
      child = proc;
      let gone = false;
      exited = new Promise((resolve) => proc.once('exit', () => ((gone = true), resolve())));
      const pid = proc.pid!;
      forget = killOnExit(() => killGroup(pid, 'SIGKILL'));
      const deadline = Date.now() + 5 * 60_000;
      while (Date.now() < deadline) {
        if (gone) {
          child = null;
          forget();
          throw new Error(`Medusa exited before it was healthy; log:\n${tailOfFile(logFile)}`);
        }
        try {
          const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
          if (res.ok) return;
        } catch {
          // not listening yet
        }
        await sleep(250);
      }
      await this.stop();
      throw new Error(`Medusa did not become healthy on port ${port}; log:\n${tailOfFile(logFile)}`);
    },
    async stop() {
      if (!child) return;
      const pid = child.pid!;
      killGroup(pid, 'SIGTERM');
      const killed = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
      if (!killed) {
        killGroup(pid, 'SIGKILL');
        await exited;
      }
      // Whatever the server left in its group (nothing, normally) goes too.
      killGroup(pid, 'SIGKILL');
      child = null;
      forget();
    },
    async kill() {
      if (!child) return;
      const pid = child.pid!;
      killGroup(pid, 'SIGKILL');
      await exited;
      child = null;
      forget();
    },
    rssKb: () => (child?.pid ? rssOf(child.pid) : 0),
    logTail: (lines = 30) => tailOfFile(logFile, lines),
  };
}
