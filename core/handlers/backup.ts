import path from 'node:path';
import { inTransaction } from '../../db/connection';
import { appendAudit } from '../../db/queries/audit';
import { actorOf, type DomainHandlers } from '../api/handler';
import { backupNow, listBackups, type BackupInfo as FileBackup } from '../backup';
import type { BackupInfo } from '../contract/types';
import { fail } from '../errors';
import type { backupApi } from '../contract/methods/backup';

export const toBackupInfo = (b: FileBackup): BackupInfo => ({ name: b.name, at: b.at, reason: b.reason, bytes: b.bytes });

export const backupHandlers: DomainHandlers<typeof backupApi> = {
  'backup.list': (svc) => listBackups(svc.backupDir).map(toBackupInfo),
  'backup.create': async (svc, ctx) => {
    const b = await backupNow(svc.db, svc.backupDir, 'manual');
    inTransaction(svc.db, () => appendAudit(svc.db, { userId: actorOf(ctx).userId, action: 'backup.create', data: { name: b.name } }));
    return toBackupInfo(b);
  },
  'backup.restore': async (svc, ctx, input) => {
    const b = listBackups(svc.backupDir).find((x) => x.name === input.name) ?? fail('not_found', `no backup named ${input.name}`);
    const userId = actorOf(ctx).userId;
    await svc.restore(b!.name);
    // svc.db is the restored database now: the restore is recorded in the ledger that is in force.
    inTransaction(svc.db, () => appendAudit(svc.db, { userId, action: 'backup.restore', data: { name: b!.name } }));
    return toBackupInfo(b!);
  },
  'recovery.restore': () => fail('invalid_state', 'the database is healthy: use backup.restore as the owner'),
};

export const backupPath = (dir: string, name: string): string => path.join(dir, path.basename(name));
