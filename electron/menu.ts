// A minimal application menu: edit shortcuts (copy/paste need it on macOS), zoom, full screen.
// Developer tools only in development builds.
import { Menu, type MenuItemConstructorOptions } from 'electron';

export function appMenuTemplate(opts: { packaged: boolean; platform: NodeJS.Platform }): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    { role: 'reload' },
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  if (!opts.packaged) view.push({ type: 'separator' }, { role: 'forceReload' }, { role: 'toggleDevTools' });
  return [
    ...(opts.platform === 'darwin' ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
  ];
}

export function installAppMenu(opts: { packaged: boolean; platform: NodeJS.Platform }): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(opts)));
}
