/** Local midnight of a `YYYY-MM-DD` day as an ISO instant. */
const midnight = (day: string, plusDays = 0): string => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, m! - 1, d! + plusDays).toISOString();
};

/** The sales filter's calendar days (both included, in this till's time zone) as the API's [from, to) instants. */
export function dayRange(from?: string, to?: string): { from?: string; to?: string } {
  return { ...(from ? { from: midnight(from) } : {}), ...(to ? { to: midnight(to, 1) } : {}) };
}
