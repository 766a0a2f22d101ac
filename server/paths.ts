import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The folder holding package.json: the repo in development, the app folder when packaged. */
export function findAppRoot(from: string): string {
  let dir = from;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'lavka') return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find Lavka's package.json above ${from}`);
    dir = up;
  }
}

export interface AppPaths {
  root: string;
  migrationsDir: string;
  rendererDir: string;
  /** Runtime assets read by Node (fonts with Cyrillic for PDFs and labels): `resources/` in the repo and the package. */
  resourcesDir: string;
  version: string;
}

export function appPaths(root: string): AppPaths {
  const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  return {
    root,
    migrationsDir: path.join(root, 'db', 'migrations'),
    rendererDir: path.join(root, 'dist', 'renderer'),
    resourcesDir: path.join(root, 'resources'),
    version,
  };
}

/** Same folder Electron's app.getPath('userData') gives for productName "Lavka", so both modes share one shop. */
export function defaultDataDir(): string {
  const home = os.homedir();
  switch (process.platform) {
    case 'win32':
      return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Lavka');
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Lavka');
    default:
      return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Lavka');
  }
}
