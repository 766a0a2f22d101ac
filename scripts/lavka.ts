// Lavka's command line for the shop's data: verify the audit chain, check the ledger, back up and restore,
// and let a user whose sign-in is held back by wrong PINs in again.
// Usage: lavka <verify-audit|check|backup|backups|restore NAME|unlock-user NAME|ID> [--data-dir DIR]
import path from 'node:path';
import { parseArgs } from 'node:util';
import { dataFiles, openShopDb } from '../core/app';
import { unlockUser } from '../core/auth/throttle';
import type { Db } from '../db/connection';
import { backupNow, listBackups, restoreBackup } from '../core/backup';
import { verifyAudit } from '../db/queries/audit';
import { allUsers } from '../db/queries/people';
import { derivedViolations } from '../db/queries/derived-check';
import { ledgerViolations } from '../db/queries/stock';
import { appPaths, defaultDataDir, findAppRoot } from '../server/paths';

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  options: { 'data-dir': { type: 'string' } },
  allowPositionals: true,
});
const [command, arg] = positionals;
const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());
const root = findAppRoot(path.dirname(new URL(import.meta.url).pathname));
const { migrationsDir, version } = appPaths(root);
const { dbFile, backupDir } = dataFiles(dataDir);
const open = () => openShopDb({ dataDir, migrationsDir, version, mode: 'local' });

function exit(code: number, line: string): never {
  (code === 0 ? console.log : console.error)(line);
  process.exit(code);
}

/** An id, a name, or the start of exactly one name (any case): what an owner types at a terminal. */
function findUser(db: Db, text: string): { user: { id: number; name: string } } | { problem: string } {
  const users = allUsers(db);
  const lower = text.toLowerCase();
  const byId = /^\d+$/.test(text) ? users.find((u) => u.id === Number(text)) : undefined;
  const exact = users.filter((u) => u.name === text);
  const anyCase = users.filter((u) => u.name.toLowerCase() === lower);
  const matches = byId
    ? [byId]
    : exact.length
      ? exact
      : anyCase.length
        ? anyCase
        : users.filter((u) => u.name.toLowerCase().startsWith(lower));
  if (matches.length === 1) return { user: matches[0]! };
  if (matches.length > 1)
    return {
      problem: `${JSON.stringify(text)} matches several users: ${matches.map((u) => `${u.name} (id ${u.id})`).join(', ')}; give the id`,
    };
  return { problem: `no user ${JSON.stringify(text)}; users: ${users.map((u) => `${u.name} (id ${u.id})`).join(', ') || 'none'}` };
}

switch (command) {
  case 'verify-audit': {
    const db = open();
    const r = verifyAudit(db);
    db.raw.close();
    if (r.firstBad) exit(2, `audit log BROKEN at entry ${r.firstBad.id}: ${r.firstBad.reason} (checked ${r.checked} entries)`);
    exit(0, `audit log ok: ${r.checked} entries, hash chain intact`);
    break;
  }
  case 'check': {
    // A damaged file gets one line, not a stack: opening it (quick_check) or reading its pages can throw.
    let integrity: string[];
    let violations: ReturnType<typeof ledgerViolations>;
    let derived: ReturnType<typeof derivedViolations> = [];
    try {
      const db = open();
      try {
        integrity = (db.raw.pragma('integrity_check') as { integrity_check: string }[]).map((x) => x.integrity_check);
        violations = integrity.join() === 'ok' ? ledgerViolations(db) : [];
        derived = integrity.join() === 'ok' ? derivedViolations(db) : [];
      } finally {
        db.raw.close();
      }
    } catch (err) {
      const e = err as Error & { code?: string };
      if (e.code === 'db_corrupt' || /malformed|corrupt|not a database/i.test(e.message))
        exit(2, `database damaged: ${e.message}; restore a backup (lavka backups, then lavka restore NAME)`);
      exit(2, `cannot check ${dbFile}: ${e.message}`);
    }
    if (integrity.join() !== 'ok') exit(2, `database damaged: integrity_check failed: ${integrity.slice(0, 5).join('; ')}`);
    if (violations.length)
      exit(2, `ledger invariant broken for ${violations.length} product/location pairs, e.g. ${JSON.stringify(violations[0])}`);
    if (derived.length) exit(2, `derived totals differ from the ledger in ${derived.length} rows, e.g. ${JSON.stringify(derived[0])}`);
    exit(0, 'database ok: integrity_check ok, on-hand and the derived totals equal the movements and lines everywhere');
    break;
  }
  case 'backup': {
    const db = open();
    const b = await backupNow(db, backupDir, 'manual');
    db.raw.close();
    exit(0, `backup written: ${b.file} (${b.bytes} bytes)`);
    break;
  }
  case 'backups':
    for (const b of listBackups(backupDir)) console.log(`${b.name}\t${b.reason}\t${b.at}\t${b.bytes}`);
    process.exit(0);
    break;
  case 'restore': {
    if (!arg) exit(64, 'usage: lavka restore NAME|PATH [--data-dir DIR] (stop Lavka first)');
    const file = arg.includes(path.sep) ? path.resolve(arg) : path.join(backupDir, arg);
    try {
      const { previous } = restoreBackup(dbFile, file, backupDir);
      exit(0, `restored ${path.basename(file)} into ${dbFile}${previous ? `; the replaced file is kept as ${previous}` : ''}`);
    } catch (err) {
      exit(2, `restore refused: ${(err as Error).message}`);
    }
    break;
  }
  case 'unlock-user': {
    // On the shop's machine with its data: the way back in when every owner is held back and none can sign in.
    if (!arg) exit(64, 'usage: lavka unlock-user NAME|ID [--data-dir DIR]');
    const db = open();
    const found = findUser(db, arg!);
    if (!('user' in found)) {
      db.raw.close();
      exit(2, found.problem);
    }
    const sources = unlockUser(db, found.user.id, null, 'cli');
    db.raw.close();
    exit(
      0,
      `unlocked ${found.user.name} (id ${found.user.id}): ${sources.length ? `cleared sign-in delays from ${sources.join(', ')}` : 'there were no sign-in delays'}; recorded in the audit log`,
    );
    break;
  }
  default:
    exit(64, 'usage: lavka <verify-audit|check|backup|backups|restore NAME|unlock-user NAME|ID> [--data-dir DIR]');
}
