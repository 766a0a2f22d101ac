import { inTransaction, type Db } from '../db/connection';
import { appendAudit } from '../db/queries/audit';
import {
  insertLocation,
  insertRoleIfMissing,
  insertUser,
  listLocations,
  readSettings,
  upsertRole,
  writeSetting,
} from '../db/queries/people';
import { hashSecret } from './auth/secrets';
import { BUILTIN_ROLES } from './contract/permissions';
import { BUILTIN_ROLE_PERMISSIONS, ROLE_NAMES } from './roles';
import { machineTimeZone, saveSettings } from './settings';

/**
 * Rows every database needs: built-in roles, a first location, the shop's time zone. Idempotent, runs at every
 * start. The owner always holds every permission; the other built-in roles are written once, when missing: a
 * permission added in a later version (doc.backdate) gives an existing shop's staff no new power by itself (the
 * owner can grant it through a custom role).
 */
export function ensureBaseRows(db: Db): void {
  inTransaction(db, () => {
    for (const id of BUILTIN_ROLES) {
      const role = { id, name: ROLE_NAMES[id], permissions: [...BUILTIN_ROLE_PERMISSIONS[id]], builtin: true };
      if (id === 'owner') upsertRole(db, role);
      else insertRoleIfMissing(db, role);
    }
    // Pinned at the first start, so business dates do not move if the PC's zone is changed later.
    if (!('timeZone' in readSettings(db))) writeSetting(db, 'timeZone', machineTimeZone());
    if (listLocations(db).length === 0) {
      const id = insertLocation(db, 'Shop floor', 'store');
      writeSetting(db, 'defaultLocationId', id);
    }
  });
}

export const userCount = (db: Db): number => (db.raw.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;

export function createOwner(
  db: Db,
  input: { shopName: string; ownerName: string; pin: string; locale: 'en' | 'ru'; currency: string },
): void {
  inTransaction(db, () => {
    saveSettings(db, { shopName: input.shopName, locale: input.locale, currency: input.currency });
    const id = insertUser(db, { name: input.ownerName, roleId: 'owner', pinHash: hashSecret(input.pin) });
    appendAudit(db, { userId: id, action: 'setup.shop', entity: 'user', entityId: id, data: { shopName: input.shopName } });
  });
}
