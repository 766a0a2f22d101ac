import type { Db } from '../../db/connection';
import { findTransitLocation, getLocation, insertLocation } from '../../db/queries/people';
import type { CounterSettings } from '../contract/types';
import { fail } from '../errors';
import { DEFAULT_SETTINGS, setting } from '../settings';

/** Counter settings with defaults for keys an older database does not have yet. Read alone: every scan reads them. */
export function counterSettings(db: Db): CounterSettings {
  return { ...DEFAULT_SETTINGS.counter, ...(setting(db, 'counter') ?? {}) };
}

/** The location this till works at (the shop's default location). */
export const counterLocation = (db: Db): number => setting(db, 'defaultLocationId');

/** A location the shop works at; the transit location is not one (goods there are on no shelf). */
export function activeLocation(db: Db, id: number): number {
  const loc = getLocation(db, id);
  if (!loc || !loc.active || loc.kind === 'transit') fail('unknown_location', `location ${id} does not exist`);
  return id;
}

/** A transfer's two ends: both places the shop works at, and not the same one. */
export function transferEnds(db: Db, from: number, to: number): void {
  activeLocation(db, from);
  activeLocation(db, to);
  if (from === to) fail('same_location', `a transfer goes from one location to another, not from ${locationName(db, from)} to itself`);
}

/** Where transfers hold goods between sending and receiving: made by the first transfer (inside its transaction). */
export function transitLocation(db: Db): number {
  return findTransitLocation(db) ?? insertLocation(db, TRANSIT_NAME, 'transit');
}
/** Its stored name; the screens show their own words for it. */
const TRANSIT_NAME = '(in transit)';

export const locationName = (db: Db, id: number): string => getLocation(db, id)?.name ?? `location ${id}`;
