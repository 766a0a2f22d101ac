// Runs sandboxed with context isolation: exposes exactly `window.api.call`, `window.api.on`, `window.api.pickFile` and
// `window.api.download`, never ipcRenderer itself, and never hands Electron's event object (it carries `sender`) to
// page code.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

const CALL_CHANNEL = 'api:call';
const EVENT_CHANNEL = 'api:event';
const PICK_FILE_CHANNEL = 'api:pick-file';
const SAVE_DOWNLOAD_CHANNEL = 'api:save-download';

contextBridge.exposeInMainWorld('api', {
  call: (method: string, input?: unknown): Promise<unknown> => ipcRenderer.invoke(CALL_CHANNEL, String(method), input),
  /** Opens the shell's file dialog; the chosen file goes to the core's upload store, the page gets its token only. */
  pickFile: (): Promise<unknown> => ipcRenderer.invoke(PICK_FILE_CHANNEL),
  /** Saves an exported file (by its download id) where the user chooses, through the shell's save dialog. */
  download: (file: { downloadId: string }): Promise<unknown> => ipcRenderer.invoke(SAVE_DOWNLOAD_CHANNEL, String(file?.downloadId)),
  on: (listener: (event: unknown) => void): (() => void) => {
    if (typeof listener !== 'function') throw new TypeError('api.on needs a function');
    const handler = (_e: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
});
