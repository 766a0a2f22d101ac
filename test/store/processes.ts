// Small process and file helpers shared by the store harness: running a command to completion with its output
// kept for the error, a free loopback port, an exclusive lock directory (test files run in parallel forks), and the
// last resort that kills what a test worker started if it exits without close().
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/** Runs a command to completion; a non-zero exit throws with the tail of its output. */
export function run(cmd: string, args: string[], opts: RunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      cmd,
      args,
      { cwd: opts.cwd, env: opts.env, timeout: opts.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${cmd} ${args.join(' ')} failed: ${error.message}\n${tail(`${stdout}\n${stderr}`)}`));
        else resolve(stdout);
      },
    );
  });
}

export function tail(text: string, lines = 30): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

export function tailOfFile(file: string, lines = 30): string {
  try {
    return tail(readFileSync(file, 'utf8'), lines);
  } catch (error) {
    return `(no log: ${(error as Error).message})`;
  }
}

/** A port the kernel just handed out on 127.0.0.1 (free now; a race with another process is possible but rare). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Runs `fn` holding a lock directory, so parallel test files do not install or build the same thing twice.
 * A lock older than `staleMs` is taken to be left by a killed run.
 */
export async function withLock<T>(lockDir: string, fn: () => Promise<T>, staleMs = 20 * 60_000): Promise<T> {
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - statSafe(lockDir);
      if (age > staleMs) rmSync(lockDir, { recursive: true, force: true });
      else await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function statSafe(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return Date.now(); // just released: retry at once
  }
}

/** Synchronous kills run from process 'exit' if a test file ends without close(): no stray servers after a failed run. */
const onExit = new Map<number, () => void>();
let nextId = 1;
let hooked = false;

export function killOnExit(kill: () => void): () => void {
  if (!hooked) {
    hooked = true;
    process.once('exit', () => {
      for (const k of onExit.values()) {
        try {
          k();
        } catch (error) {
          process.stderr.write(`store harness: cleanup at exit failed: ${(error as Error).message}\n`);
        }
      }
    });
  }
  const id = nextId++;
  onExit.set(id, kill);
  return () => {
    onExit.delete(id);
  };
}
