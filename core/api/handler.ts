import type { Db } from '../../db/connection';
import type { SessionStore, Session } from '../auth/sessions';
import type { ApiOutput, ApiParsed, Method } from '../contract/api';
import type { PrinterStatus, ScannerStatus } from '../contract/counter-types';
import type { SystemInfo } from '../contract/types';
import type { EventBus } from '../events';
import type { DownloadStore } from '../exports/downloads';
import type { UploadStore } from '../pricelists/uploads';
import type { AppReads } from '../reader/reads';
import type { Reader } from '../reader/types';
import type { StoreSync } from '../sync/service';

export interface Services {
  db: Db;
  sessions: SessionStore;
  events: EventBus;
  version: string;
  mode: SystemInfo['mode'];
  backupDir: string;
  /** Runtime assets (the fonts labels embed): `resources/` beside the app. */
  resourcesDir: string;
  /** Long reads (reports, exports) off the thread that answers the till: core/reader. */
  reader: Reader<AppReads>;
  /** Files sent for import (price lists) and the dry runs waiting to be applied: core/pricelists/uploads.ts. */
  uploads: UploadStore;
  /** Exported files waiting for their session to fetch them: core/exports/downloads.ts. */
  downloads: DownloadStore;
  /** Swaps the database for a backup (closes and reopens); set by the AppHost that owns the core. */
  restore: (backupName: string) => Promise<void>;
  /** The running device service (printer, drawer, serial scanner); absent when none runs (tests, CLI). */
  devices?: DeviceHooks;
  /** The running web-store sync; absent when none runs (tests, CLI). */
  sync?: StoreSync;
}

/** What handlers tell the device service after their transaction commits, and what they ask it. */
export interface DeviceHooks {
  /** Rows for the printer topics were committed: print them now (otherwise they are picked up within seconds). */
  outboxChanged(): void;
  /** Settings were committed: re-read the printer and scanner settings, restarting what changed. */
  settingsChanged(): void;
  printerStatus(): PrinterStatus;
  scannerStatus(): ScannerStatus;
}

/**
 * Where a call came from, as the transport saw it. `counter` is the shop's own PC (the desktop window, or loopback
 * in browser mode): sign-in throttling never shuts it out. Absent for in-process callers (tests, CLI, seed), which
 * count as the counter.
 */
export interface CallSource {
  /** The peer's address as the transport saw it ('ipc' for the desktop window). */
  address: string;
  counter: boolean;
}

export const IN_PROCESS: CallSource = { address: 'in-process', counter: true };

export interface CallContext {
  session: Session | null;
  source?: CallSource;
}

/** The call's source; in-process callers are the counter. */
export const sourceOf = (ctx: CallContext): CallSource => ctx.source ?? IN_PROCESS;

export type Handler<M extends Method> = (svc: Services, ctx: CallContext, input: ApiParsed<M>) => ApiOutput<M> | Promise<ApiOutput<M>>;

export type HandlerMap<K extends Method> = { [M in K]: Handler<M> };

/** A domain's handlers: exactly the methods of its contract file (core/contract/methods), less any another file holds. */
export type DomainHandlers<D, Except extends keyof D = never> = HandlerMap<Exclude<keyof D, Except> & Method>;

/**
 * A partial update's field: not sent (undefined) keeps what was stored; null is a value (no category, no note), so
 * only undefined means "not sent".
 */
export const keep = <T>(sent: T | undefined, stored: T): T => (sent === undefined ? stored : sent);

/** The acting user of a call that passed the access check. */
export function actorOf(ctx: CallContext): { userId: number } {
  if (!ctx.session) throw new Error('actorOf called without a session: access check skipped?');
  return { userId: ctx.session.userId };
}
