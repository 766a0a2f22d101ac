/** The bookkeeper's side: the period lock and the reports. Money in minor units, quantities in thousandths. */

export interface PeriodLock {
  /** The last business day of the closed books (YYYY-MM-DD), or null when nothing is locked. */
  lockedThrough: string | null;
}
