/**
 * Exit code of a start-up the shop has to act on (a database written by a newer Lavka, a file that cannot be
 * opened): the launcher (server/supervisor.ts) does not start browser mode again after it, as it would fail the same way.
 */
export const EXIT_CANNOT_START = 78;
