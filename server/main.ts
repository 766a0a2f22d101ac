import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppHost } from '../core/host';
import { DbOpenError } from '../db/connection';
import { EXIT_CANNOT_START } from './exit-codes';
import { createHttpServer } from './http';
import { appPaths, defaultDataDir } from './paths';

export interface BrowserMode {
  url: string;
  host: AppHost;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** `serve` options: --data-dir DIR --port N --host H (LAN) --demo (seed the demo shop on an empty database). */
export async function runBrowserMode(argv: string[], root: string): Promise<BrowserMode> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string', default: '5170' },
      host: { type: 'string', default: '127.0.0.1' },
      demo: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const paths = appPaths(root);
  const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());
  const bind = values.host!;
  const lan = !LOOPBACK.has(bind);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, got ${values.port}`);
  const host = new AppHost({
    dataDir,
    migrationsDir: paths.migrationsDir,
    resourcesDir: paths.resourcesDir,
    version: paths.version,
    mode: lan ? 'lan' : 'local',
    demo: values.demo,
    idleLogoutMs: lan ? 30 * 60 * 1000 : undefined,
  });
  host.startBackupSchedule();
  const server = createHttpServer(host, { rendererDir: paths.rendererDir, lan });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, bind, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const shown = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const url = `http://${shown}:${addr.port}/`;
  return {
    url,
    host,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          host.close();
          resolve();
        });
      }),
  };
}

/** Prints one clear line for errors a shop can act on (newer database, damaged file), the stack otherwise. */
export function reportStartupError(err: unknown): never {
  if (err instanceof DbOpenError) {
    console.error(`Lavka cannot start: ${err.message}`);
    process.exit(EXIT_CANNOT_START);
  }
  console.error('Lavka cannot start:', err);
  process.exit(1);
}
