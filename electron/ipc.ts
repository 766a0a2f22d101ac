// IPC relay: the one channel from the renderer into the core. Every message is checked for its sender frame.
import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { copyFile } from 'node:fs/promises';
import type { Result } from '../core/contract/errors';
import { isTrustedSender } from './policy';
import { ApiRelay, type RelayBackend } from './relay';

export const CALL_CHANNEL = 'api:call';
export const EVENT_CHANNEL = 'api:event';
/** The desktop seam of POST /api/upload: the shell shows its open dialog and hands the chosen file to the core. */
export const PICK_FILE_CHANNEL = 'api:pick-file';
/** The desktop seam of GET /download/<id>: the shell's save dialog, then a copy of the exported file there. */
export const SAVE_DOWNLOAD_CHANNEL = 'api:save-download';

const untrusted: Result<never> = { ok: false, error: { code: 'forbidden', message: 'this frame may not call the Lavka API' } };

function senderIsTrusted(event: IpcMainInvokeEvent, isOurWindow: (wc: WebContents) => boolean): boolean {
  const frame = event.senderFrame;
  const main = event.sender.mainFrame;
  return isTrustedSender({
    frameUrl: frame?.url,
    isMainFrame: !!frame && frame.parent === null && frame.processId === main.processId && frame.routingId === main.routingId,
    isOurWindow: isOurWindow(event.sender),
  });
}

/** Registers `api:call`; returns a function that removes it and ends the windows' sessions. */
export function registerIpc(core: RelayBackend, isOurWindow: (wc: WebContents) => boolean): () => void {
  const relay = new ApiRelay(core);
  const tracked = new Set<number>();
  ipcMain.handle(CALL_CHANNEL, async (event, method: unknown, input: unknown) => {
    if (!senderIsTrusted(event, isOurWindow)) {
      console.warn(`[lavka] refused IPC from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
      return untrusted;
    }
    const wc = event.sender;
    if (!tracked.has(wc.id)) {
      tracked.add(wc.id);
      const id = wc.id;
      wc.once('destroyed', () => {
        tracked.delete(id);
        relay.forget(id);
      });
    }
    return relay.call(
      {
        id: wc.id,
        send: (e) => {
          if (!wc.isDestroyed()) wc.send(EVENT_CHANNEL, e);
        },
      },
      method,
      input,
    );
  });
  ipcMain.handle(PICK_FILE_CHANNEL, async (event) => {
    if (!senderIsTrusted(event, isOurWindow)) return untrusted;
    const owner = BrowserWindow.fromWebContents(event.sender);
    const options = { properties: ['openFile' as const], filters: [{ name: 'Excel, CSV', extensions: ['xlsx', 'csv', 'txt'] }] };
    const picked = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
    if (picked.canceled || !picked.filePaths[0]) return { ok: false, error: { code: 'cancelled', message: 'no file chosen' } };
    return relay.adoptFile(event.sender.id, picked.filePaths[0]);
  });
  ipcMain.handle(SAVE_DOWNLOAD_CHANNEL, async (event, id: unknown) => {
    if (!senderIsTrusted(event, isOurWindow)) return untrusted;
    const found = relay.downloadOf(event.sender.id, id);
    if (!found.ok) return found;
    const owner = BrowserWindow.fromWebContents(event.sender);
    const options = { defaultPath: found.value.fileName };
    const chosen = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
    if (chosen.canceled || !chosen.filePath) return { ok: false, error: { code: 'cancelled', message: 'not saved' } };
    // Copied on the main process's thread pool (libuv), not read into memory: a million-row file is tens of MB.
    await copyFile(found.value.file, chosen.filePath);
    return { ok: true, value: { saved: true } };
  });
  return () => {
    ipcMain.removeHandler(SAVE_DOWNLOAD_CHANNEL);
    ipcMain.removeHandler(PICK_FILE_CHANNEL);
    ipcMain.removeHandler(CALL_CHANNEL);
    relay.close();
  };
}
