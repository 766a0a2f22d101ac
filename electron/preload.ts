// Runs sandboxed with context isolation: exposes exactly `window.api.call` and `window.api.on`, never
// ipcRenderer itself, and never hands Electron's event object (it carries `sender`) to page code.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

const CALL_CHANNEL = 'api:call';
const EVENT_CHANNEL = 'api:event';

contextBridge.exposeInMainWorld('api', {
  call: (method: string, input?: unknown): Promise<unknown> => ipcRenderer.invoke(CALL_CHANNEL, String(method), input),
  on: (listener: (event: unknown) => void): (() => void) => {
    if (typeof listener !== 'function') throw new TypeError('api.on needs a function');
    const handler = (_e: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
});
