import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { reportStartupError, runBrowserMode } from './main';
import { findAppRoot } from './paths';

const root = findAppRoot(path.dirname(fileURLToPath(import.meta.url)));

runBrowserMode(process.argv.slice(2), root).then((app) => {
  // The e2e harness and scripts read this line for the URL.
  console.log(`Lavka browser mode: ${app.url} (data: ${app.host.dbFile})`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}, reportStartupError);
