import { returns, type DomainSpec } from '../method';
import * as s from '../schemas';
import type * as T from '../types';

/** Backups, and restoring one (also from the recovery screen, before anyone can sign in). */
export const backupApi = {
  'backup.list': { input: s.empty, output: returns<T.BackupInfo[]>(), access: 'backup.manage' },
  'backup.create': { input: s.empty, output: returns<T.BackupInfo>(), access: 'backup.manage' },
  'backup.restore': { input: s.backupNameInput, output: returns<T.BackupInfo>(), access: 'backup.manage' },
  'recovery.restore': { input: s.backupNameInput, output: returns<T.SystemInfo>(), access: 'public' },
} as const satisfies DomainSpec;
