import type { Db } from '../../db/connection';
import { getLocation } from '../../db/queries/people';
import type { CounterSettings } from '../contract/types';
import { fail } from '../errors';
import { DEFAULT_SETTINGS, setting } from '../settings';

/** Counter settings with defaults for keys an older database does not have yet. Read alone: every scan reads them. */
export function counterSettings(db: Db): CounterSettings {
  return { ...DEFAULT_SETTINGS.counter, ...(setting(db, 'counter') ?? {}) };
}

/** The location this till works at (the shop's default location). */
export const counterLocation = (db: Db): number => setting(db, 'defaultLocationId');

export function activeLocation(db: Db, id: number): number {
  const loc = getLocation(db, id);
  if (!loc || !loc.active) fail('unknown_location', `location ${id} does not exist`);
  return id;
}

export const locationName = (db: Db, id: number): string => getLocation(db, id)?.name ?? `location ${id}`;
