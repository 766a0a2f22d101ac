import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DbOpenError } from '../db/connection';
import { quickCheckInWorker } from '../db/integrity';
import { createCore, dataFiles, type Core, type CoreOptions } from './app';
import type { CallContext } from './api/handler';
import { SessionStore } from './auth/sessions';
import { backupNow, backupsDone, dailyBackupDue, listBackups, restoreBackup } from './backup';
import { apiSpec } from './contract/api';
import { DeviceService, type DeviceServiceOptions } from './devices/service';
import type { Result } from './contract/errors';
import type { SystemInfo } from './contract/types';
import { EventBus } from './events';
import { backupPath, toBackupInfo } from './handlers/backup';
import { systemInfo } from './handlers/system';
import { buildMonthsInBatches } from './month-balances';
import { defaultReaderWorkers } from './reader';
import { StoreSync } from './sync/service';

export interface HostOptions {
  /** Printer, drawer and serial scanner for the running core; false: none (tools, some tests). */
  devices?: DeviceServiceOptions | false;
  /** The web-store sync (runs only when the owner configured and enabled a store); false: never (tools, some tests). */
  sync?: false;
}

/**
 * What a transport talks to: the shop's core, or, when the database failed its check at start, a recovery
 * state that offers the backups and nothing else. The app never opens an empty database in place of a damaged one.
 */
export class AppHost {
  private current: Core | null = null;
  private devices: DeviceService | null = null;
  private problem: string | null = null;
  private readonly idleSessions = new SessionStore(60_000);
  private readonly idleEvents = new EventBus();
  private timer: NodeJS.Timeout | null = null;
  /** The month-end balances being built (core/month-balances.ts): one run at a time. */
  private monthsBuilding: Promise<void> | null = null;

  constructor(
    private readonly opts: CoreOptions,
    private readonly hostOpts: HostOptions = {},
  ) {
    this.open();
  }

  /** Present while a core has the database open; left behind by a crash or power cut. */
  private get marker(): string {
    return path.join(this.opts.dataDir, 'lavka.running');
  }

  /** Resolves when the start-up integrity check has finished (tests and tools wait on it). */
  integrityChecked: Promise<void> = Promise.resolve();

  private open(): Core | null {
    const existed = existsSync(this.dbFile);
    // After a crash, check before serving; after a clean stop, open at once and check in a worker meanwhile.
    const unclean = existed && existsSync(this.marker);
    try {
      // The app's long reads run in worker threads, off the thread that answers the till.
      this.current = createCore({ ...this.opts, quickCheck: unclean, readerWorkers: this.opts.readerWorkers ?? defaultReaderWorkers() });
      this.problem = null;
      writeFileSync(this.marker, String(process.pid));
      if (existed && !unclean) this.integrityChecked = this.checkInBackground(this.current);
    } catch (err) {
      // A newer database is not damage: restoring an older backup over it would lose sales. Refuse to start.
      if (!(err instanceof DbOpenError) || err.code === 'db_too_new') throw err;
      this.current = null;
      this.problem = err.message;
    }
    if (this.current) {
      this.startDevices(this.current);
      this.startSync(this.current);
    }
    return this.current;
  }

  private async checkInBackground(core: Core): Promise<void> {
    let problems: string[];
    try {
      problems = await quickCheckInWorker(this.dbFile, this.opts.nativeBinding);
    } catch (err) {
      problems = [(err as Error).message];
    }
    if (problems.length === 0 || this.current !== core) return;
    // Damage found while serving: stop using the file and fall back to the recovery screen.
    console.error(`[lavka] quick_check failed: ${problems.slice(0, 3).join('; ')}`);
    core.events.emit({ type: 'session.ended', reason: 'expired' });
    await this.devices?.stop();
    this.devices = null;
    core.close();
    this.current = null;
    this.problem = `${this.dbFile} failed quick_check: ${problems.slice(0, 3).join('; ')}`;
  }

  /** The device service of the core that runs; a backup.restore stops it around the swap and starts it again. */
  private startDevices(core: Core): void {
    if (this.hostOpts.devices === false) return;
    const devices = new DeviceService(core.svc, this.hostOpts.devices ?? {});
    this.devices = devices;
    core.svc.devices = devices;
    const restore = core.svc.restore;
    core.svc.restore = async (name) => {
      // Print jobs are rows of the database being replaced: stop before, load the restored file's after.
      await devices.stop();
      try {
        await restore(name);
      } finally {
        devices.start();
      }
    };
    devices.start();
  }

  /** The web-store sync of the running core; it reads the database anew each cycle, so a restore needs nothing. */
  private startSync(core: Core): void {
    if (this.hostOpts.sync === false) return;
    const sync = new StoreSync({ db: () => core.db });
    core.svc.sync = sync;
    const close = core.close;
    core.close = () => {
      void sync.stop();
      close();
    };
    sync.start();
  }

  /** The running device service, if any (tests wait on it). */
  get deviceService(): DeviceService | null {
    return this.devices;
  }

  get core(): Core | null {
    return this.current;
  }

  get sessions(): SessionStore {
    return this.current?.sessions ?? this.idleSessions;
  }

  get events(): EventBus {
    return this.current?.events ?? this.idleEvents;
  }

  get dbFile(): string {
    return dataFiles(this.opts.dataDir).dbFile;
  }

  private recoveryInfo(): SystemInfo {
    const { backupDir } = dataFiles(this.opts.dataDir);
    return {
      version: this.opts.version,
      shopName: 'Lavka',
      locale: 'en',
      currency: 'RUB',
      mode: this.opts.mode,
      demo: false,
      needsSetup: false,
      recovery: { problem: this.problem ?? 'unknown', backups: listBackups(backupDir).map(toBackupInfo) },
    };
  }

  async call(ctx: CallContext, method: string, input: unknown): Promise<Result<unknown>> {
    if (this.current) return this.current.call(ctx, method, input);
    if (method === 'system.info') return { ok: true, value: this.recoveryInfo() };
    if (method !== 'recovery.restore') {
      return {
        ok: false,
        error: { code: 'db_damaged', message: `the shop database is damaged (${this.problem}); restore a backup first` },
      };
    }
    const parsed = apiSpec['recovery.restore'].input.safeParse(input ?? {});
    if (!parsed.success) return { ok: false, error: { code: 'validation', message: parsed.error.issues[0]?.message ?? 'bad input' } };
    const { dbFile, backupDir } = dataFiles(this.opts.dataDir);
    const name = parsed.data.name;
    if (!listBackups(backupDir).some((b) => b.name === name))
      return { ok: false, error: { code: 'not_found', message: `no backup named ${name}` } };
    try {
      restoreBackup(dbFile, backupPath(backupDir, name), backupDir);
    } catch (err) {
      return { ok: false, error: { code: 'db_damaged', message: (err as Error).message } };
    }
    const reopened = this.open();
    if (!reopened)
      return { ok: false, error: { code: 'db_damaged', message: `the restored database did not open either: ${this.problem}` } };
    return { ok: true, value: systemInfo(reopened.svc) };
  }

  /**
   * A daily backup when the last is over a day old, and the month-end stock balances of months that ended
   * (core/month-balances.ts): checked now and every hour.
   */
  startBackupSchedule(everyMs = 60 * 60 * 1000): void {
    const tick = () => {
      const core = this.current;
      if (!core) return;
      this.monthsBuilding ??= buildMonthsInBatches(
        () => core.db,
        () => this.current === core,
      )
        .catch((err: unknown) => console.error('[lavka] building month-end balances failed:', err))
        .finally(() => (this.monthsBuilding = null));
      if (!dailyBackupDue(core.backupDir)) return;
      backupNow(core.db, core.backupDir, 'daily').catch((err: unknown) => console.error('[lavka] daily backup failed:', err));
    };
    tick();
    this.timer = setInterval(tick, everyMs);
    this.timer.unref();
  }

  /** Closes the database at once; the promise resolves when the devices have let go of their sockets and ports. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    const devicesStopped = this.devices?.stop() ?? Promise.resolve();
    this.devices = null;
    const core = this.current;
    this.current = null;
    if (core) {
      // Quitting right after a shift close, or during the day's backup, must not cut that backup short.
      await backupsDone(core.db);
      await core.svc.reader.close();
      core.close();
      // A clean stop: the next start can skip the blocking check.
      rmSync(this.marker, { force: true });
    }
    await devicesStopped;
  }
}
