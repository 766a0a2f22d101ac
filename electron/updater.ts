// Auto-update through electron-updater's generic provider. Off unless packaged. The feed comes from the
// LAVKA_UPDATE_URL environment variable when set (https), else from app-update.yml, which electron-builder
// writes from electron-builder.yml `publish` (${env.LAVKA_UPDATE_URL} at packaging time). Updates download in
// the background and install when the app quits, never in the middle of a sale.
import { autoUpdater } from 'electron-updater';
import { updateFeedUrl } from './policy';

const CHECK_EVERY_MS = 6 * 60 * 60 * 1000;

export function startAutoUpdate(opts: { packaged: boolean; env?: NodeJS.ProcessEnv }): () => void {
  const env = opts.env ?? process.env;
  if (!opts.packaged) {
    console.log('[lavka] auto-update is off in development (app not packaged)');
    return () => {};
  }
  if (env.LAVKA_UPDATE_DISABLED === '1') {
    console.log('[lavka] auto-update is off (LAVKA_UPDATE_DISABLED=1)');
    return () => {};
  }
  const feed = updateFeedUrl(env.LAVKA_UPDATE_URL);
  if (env.LAVKA_UPDATE_URL && !feed) console.warn('[lavka] ignoring LAVKA_UPDATE_URL: it must be an https URL');
  if (feed) autoUpdater.setFeedURL({ provider: 'generic', url: feed });
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.allowDowngrade = false;
  autoUpdater.allowPrerelease = false;
  autoUpdater.on('error', (err) => console.warn(`[lavka] update check failed: ${err.message}`));
  autoUpdater.on('update-downloaded', (info) => console.log(`[lavka] update ${info.version} downloaded; it installs when Lavka quits`));
  const check = () => {
    autoUpdater.checkForUpdates().catch((err: Error) => console.warn(`[lavka] update check failed: ${err.message}`));
  };
  check();
  const timer = setInterval(check, CHECK_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
