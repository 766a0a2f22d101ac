import { inTransaction, type Db } from '../db/connection';
import { appendAudit } from '../db/queries/audit';
import { insertLocation, insertUser, listLocations, upsertRole, writeSetting } from '../db/queries/people';
import { hashSecret } from './auth/secrets';
import { BUILTIN_ROLES } from './contract/permissions';
import { BUILTIN_ROLE_PERMISSIONS, ROLE_NAMES } from './roles';
import { saveSettings } from './settings';

/** Rows every database needs: built-in roles and a first location. Idempotent, runs at every start. */
export function ensureBaseRows(db: Db): void {
  inTransaction(db, () => {
    for (const id of BUILTIN_ROLES) upsertRole(db, { id, name: ROLE_NAMES[id], permissions: [...BUILTIN_ROLE_PERMISSIONS[id]], builtin: true });
    if (listLocations(db).length === 0) {
      const id = insertLocation(db, 'Shop floor', 'store');
      writeSetting(db, 'defaultLocationId', id);
    }
  });
}

export const userCount = (db: Db): number => (db.raw.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;

export function createOwner(db: Db, input: { shopName: string; ownerName: string; pin: string; locale: 'en' | 'ru'; currency: string }): void {
  inTransaction(db, () => {
    saveSettings(db, { shopName: input.shopName, locale: input.locale, currency: input.currency });
    const id = insertUser(db, { name: input.ownerName, roleId: 'owner', pinHash: hashSecret(input.pin) });
    appendAudit(db, { userId: id, action: 'setup.shop', entity: 'user', entityId: id, data: { shopName: input.shopName } });
  });
}
