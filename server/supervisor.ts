// The launcher's side of browser mode (`npm start` without Electron): runs dist/server/serve.mjs as a child process
// and starts it again if it ever dies, so one bad request or a bug cannot leave the counter without its server.
import { spawn, type ChildProcess } from 'node:child_process';
import { EXIT_CANNOT_START } from './exit-codes';
import type { ServeReady } from './serve';

export interface SupervisorOptions {
  /** dist/server/serve.mjs */
  serve: string;
  /** serve's options, passed on as given. */
  args: string[];
  log?: (line: string) => void;
}

const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;
/** A child that ran this long was healthy: the next restart waits the shortest delay again. */
const HEALTHY_MS = 60_000;
/** Restarts in a row that fail before serving (say the port was taken meanwhile) before the launcher gives up. */
const MAX_FAILED_STARTS = 5;
/** How long a child has to stop cleanly (close the database) after Ctrl-C or SIGTERM. */
const STOP_GRACE_MS = 10_000;

const isReady = (m: unknown): m is ServeReady => typeof m === 'object' && m !== null && (m as ServeReady).lavka === 'ready';

/**
 * Runs browser mode supervised. Restarts, after 1 s doubling up to 30 s, a child that crashed or was killed, and says
 * so in the log. Does not restart one that stopped cleanly (exit 0), one whose very first start failed (it printed
 * why: a bad option, a port in use), one that refused to start for a reason the shop must act on (EXIT_CANNOT_START),
 * or one failing to start again five times in a row. Ctrl-C and SIGTERM stop the child cleanly, then the launcher.
 */
export function superviseBrowserMode(opts: SupervisorOptions): void {
  const log = opts.log ?? ((line: string) => console.error(line));
  let child: ChildProcess | null = null;
  let stopping = false;
  let delay = FIRST_DELAY_MS;
  let served = false;
  let failedStarts = 0;
  let restartTimer: NodeJS.Timeout | null = null;
  /** The port the first child got (it matters with --port 0): pages open in browsers reconnect to the same one. */
  let port: string | null = null;

  function launch(): void {
    const startedAt = Date.now();
    let ready = false;
    const args = port ? [...opts.args, '--port', port] : opts.args;
    const c = spawn(process.execPath, [opts.serve, ...args], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
    child = c;
    c.on('message', (m) => {
      if (!isReady(m)) return;
      ready = served = true;
      failedStarts = 0;
      port ??= new URL(m.url).port;
      process.stdout.write(`${m.line}\n`);
    });
    c.on('error', (err) => {
      // Spawning itself failed: there is no child to supervise.
      log(`Lavka cannot start browser mode (${opts.serve}): ${err.message}`);
      process.exit(1);
    });
    c.on('exit', (code, signal) => {
      child = null;
      if (stopping) return process.exit(code ?? 0);
      if (code === 0) return process.exit(0);
      if (code === EXIT_CANNOT_START || !served) return process.exit(code ?? 1);
      const how = signal ? `was killed (${signal})` : `stopped with exit code ${code}`;
      if (!ready && ++failedStarts >= MAX_FAILED_STARTS) {
        log(`Lavka browser mode ${how} and failed to start ${failedStarts} times in a row; giving up.`);
        return process.exit(code ?? 1);
      }
      if (Date.now() - startedAt > HEALTHY_MS) delay = FIRST_DELAY_MS;
      log(`Lavka browser mode ${how}; restarting it in ${delay / 1000} s.`);
      restartTimer = setTimeout(launch, delay);
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    });
  }

  const stop = (signal: NodeJS.Signals) => () => {
    if (restartTimer) clearTimeout(restartTimer);
    if (!child) return process.exit(0);
    // A second Ctrl-C does not wait for the clean stop.
    if (stopping) return void child.kill('SIGKILL');
    stopping = true;
    child.kill(signal);
    setTimeout(() => child?.kill('SIGKILL'), STOP_GRACE_MS).unref();
  };
  process.on('SIGINT', stop('SIGINT'));
  process.on('SIGTERM', stop('SIGTERM'));
  launch();
}
