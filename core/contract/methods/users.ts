import { returns, type DomainSpec } from '../method';
import * as s from '../schemas';
import type * as T from '../types';

/** Staff and their roles. */
export const usersApi = {
  'users.list': { input: s.empty, output: returns<T.UserAdmin[]>(), access: 'users.manage' },
  'users.upsert': { input: s.userUpsertInput, output: returns<T.UserAdmin>(), access: 'users.manage' },
  'users.unlock': { input: s.userUnlockInput, output: returns<T.UserAdmin>(), access: 'users.manage' },
  'roles.list': { input: s.empty, output: returns<T.Role[]>(), access: 'users.manage' },
  'roles.upsert': { input: s.roleUpsertInput, output: returns<T.Role>(), access: 'users.manage' },
} as const satisfies DomainSpec;
