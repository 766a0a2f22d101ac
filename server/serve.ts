import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { reportStartupError, runBrowserMode } from './main';
import { findAppRoot } from './paths';

const root = findAppRoot(path.dirname(fileURLToPath(import.meta.url)));

/** What serve tells the launcher (scripts/start.ts) over the IPC channel it is started with. */
export interface ServeReady {
  lavka: 'ready';
  url: string;
  /** The line that says where the app is: the launcher prints it once it has taken this message. */
  line: string;
}

runBrowserMode(process.argv.slice(2), root).then((app) => {
  // The e2e harness and scripts read this line for the URL.
  const line = `Lavka browser mode: ${app.url} (data: ${app.host.dbFile})`;
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void app.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  if (process.send) {
    // Started by the launcher: it restarts us if we die, and we stop if it goes away. It prints the line when it has
    // this message, so whoever reads the line knows the launcher counts this server as up (it restarts only those).
    process.send({ lavka: 'ready', url: app.url, line } satisfies ServeReady);
    process.on('disconnect', stop);
  } else console.log(line);
}, reportStartupError);
