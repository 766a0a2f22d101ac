import type { Db } from '../db/connection';
import { ledgerViolations } from '../db/queries/stock';

/** On-hand against the movement sums, for the bench's databases (the app's own check, indexed since it had to be). */
export const ledgerViolationCount = (db: Db): number => ledgerViolations(db).length;
