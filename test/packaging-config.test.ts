// electron-builder.yml and the build/ resources, checked without packaging (no Electron binary, no network):
// the schema through electron-builder's own validateConfiguration, our invariants on top, and the afterPack
// fuse hook run against a stand-in binary carrying Electron's fuse wire.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const appBuilderLib = path.dirname(require.resolve('app-builder-lib/package.json'));
const mm = require(require.resolve('minimatch', { paths: [appBuilderLib] })) as
  ((p: string, pattern: string, o?: object) => boolean) | { minimatch: (p: string, pattern: string, o?: object) => boolean };
const minimatch = typeof mm === 'function' ? mm : mm.minimatch;

const CONFIG_FILE = path.join(ROOT, 'electron-builder.yml');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const config = yaml.load(readFileSync(CONFIG_FILE, 'utf8')) as Any;
const targetsOf = (platform: Any): string[] =>
  (platform.target as (string | { target: string })[]).map((t) => (typeof t === 'string' ? t : t.target));

const tmp = tempDir('lavka-pack-');
afterAll(() => tmp.cleanup());

describe('electron-builder.yml', () => {
  it('passes electron-builder validation (schema of the installed app-builder-lib)', async () => {
    const { getConfig, validateConfiguration } = require(path.join(appBuilderLib, 'out/util/config/config.js'));
    const { DebugLogger } = require(require.resolve('builder-util', { paths: [appBuilderLib] }));
    const loaded = await getConfig(ROOT, CONFIG_FILE, null);
    await expect(validateConfiguration(loaded, new DebugLogger(false))).resolves.toBeUndefined();
    // …and the validator is not a no-op: a misspelt option is refused.
    await expect(
      validateConfiguration({ ...loaded, mac: { ...loaded.mac, hardenedRuntme: true } }, new DebugLogger(false)),
    ).rejects.toThrow(/configuration/i);
  });

  it('names the app and ships what it runs from', () => {
    expect(config.appId).toMatch(/^[a-z0-9.-]+$/);
    expect(config.productName).toBe('Lavka');
    expect(config.directories.buildResources).toBe('build');
    expect(config.files).toEqual(expect.arrayContaining(['dist/**', 'db/migrations/**', 'package.json', 'resources/fonts/**']));
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.main).toBe('dist/electron/main.cjs');
    expect(pkg.productName).toBe('Lavka');
    // electron itself and the packaging tools must not ship as app dependencies.
    expect(Object.keys(pkg.dependencies)).not.toContain('electron');
    expect(Object.keys(pkg.dependencies)).toContain('electron-updater');
  });

  it('ships the runtime assets from resources/: a Cyrillic font for PDFs, the scan-error sound and the icon', () => {
    // TrueType files start with the sfnt version 0x00010000; DejaVu Sans covers Cyrillic (its licence ships beside it).
    for (const f of ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'])
      expect(readFileSync(path.join(ROOT, 'resources', 'fonts', f)).readUInt32BE(0)).toBe(0x00010000);
    expect(readFileSync(path.join(ROOT, 'resources', 'fonts', 'LICENSE-DejaVu.txt'), 'utf8')).toMatch(/Bitstream Vera/);
    const wav = readFileSync(path.join(ROOT, 'resources', 'web', 'sounds', 'scan-error.wav'));
    expect(wav.toString('ascii', 0, 4) + wav.toString('ascii', 8, 12)).toBe('RIFFWAVE');
    // The renderer build copies resources/web next to index.html (Vite's public folder), where beep.ts loads it.
    for (const f of ['sounds/scan-error.wav', 'icons/lavka.png'])
      expect(readFileSync(path.join(ROOT, 'dist', 'renderer', f)).length).toBeGreaterThan(1000);
  });

  it('keeps native modules out of the asar and rebuilds them for Electron', () => {
    expect(config.asar).toBe(true);
    const unpack: string[] = [].concat(config.asarUnpack);
    for (const f of [
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      'node_modules/@serialport/bindings-cpp/build/Release/bindings.node',
      'node_modules/@serialport/bindings-cpp/prebuilds/linux-x64/@serialport+bindings-cpp.glibc.node',
    ]) {
      expect(
        unpack.some((p) => minimatch(f, p, { dot: true })),
        f,
      ).toBe(true);
    }
    expect(config.npmRebuild).toBe(true);
    expect(['sequential', 'parallel']).toContain(config.nativeRebuilder);
  });

  it('has a target per OS', () => {
    expect(targetsOf(config.win)).toContain('nsis');
    expect(targetsOf(config.mac)).toContain('dmg');
    expect(targetsOf(config.linux)).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.linux.category).toBe('Office');
    expect(config.mac.hardenedRuntime).toBe(true);
    for (const key of ['entitlements', 'entitlementsInherit']) {
      const file = path.join(ROOT, config.mac[key]);
      expect(existsSync(file), file).toBe(true);
      expect(readFileSync(file, 'utf8')).toContain('com.apple.security.cs.allow-jit');
    }
  });

  it('publishes to a generic update feed set from the environment', () => {
    const publish = [].concat(config.publish)[0] as Any;
    expect(publish.provider).toBe('generic');
    expect(publish.url).toBe('${env.LAVKA_UPDATE_URL}');
  });

  it('has a 512x512 RGBA PNG icon for every platform', () => {
    for (const p of [config.win.icon, config.mac.icon, config.linux.icon]) {
      const png = readFileSync(path.join(ROOT, p));
      expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
      expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([512, 512, 8, 6]);
    }
  });
});

describe('afterPack fuse hook', () => {
  const hookFile = path.join(ROOT, 'build', 'after-pack.cjs');

  it('is wired in and sets the fuses from the security checklist', async () => {
    expect(config.afterPack).toBe('./build/after-pack.cjs');
    expect(readFileSync(hookFile, 'utf8')).toContain("import('@electron/fuses')");
    const hook = require(hookFile);
    const fuses = await import('@electron/fuses');
    const { FuseV1Options: F } = fuses;
    const c = hook.fuseConfig(fuses, { platform: 'linux', arch: 1 });
    expect(c.version).toBe(fuses.FuseVersion.V1);
    expect(c[F.RunAsNode]).toBe(false);
    expect(c[F.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(c[F.EnableNodeCliInspectArguments]).toBe(false);
    expect(c[F.EnableCookieEncryption]).toBe(true);
    expect(c[F.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(c[F.OnlyLoadAppFromAsar]).toBe(true);
    expect(c[F.GrantFileProtocolExtraPrivileges]).toBe(false);
    expect(hook.fuseConfig(fuses, { platform: 'darwin', arch: 3 }).resetAdHocDarwinSignature).toBe(true);
    expect(hook.fuseConfig(fuses, { platform: 'win32', arch: 1 }).resetAdHocDarwinSignature).toBe(false);
  });

  it('finds the executable like electron-builder does', () => {
    const hook = require(hookFile);
    const packager = { appInfo: { productFilename: 'Lavka' }, executableName: 'lavka' };
    expect(hook.electronBinaryPath({ appOutDir: '/o', electronPlatformName: 'win32', packager })).toBe(path.join('/o', 'Lavka.exe'));
    expect(hook.electronBinaryPath({ appOutDir: '/o', electronPlatformName: 'darwin', packager })).toBe(path.join('/o', 'Lavka.app'));
    expect(hook.electronBinaryPath({ appOutDir: '/o', electronPlatformName: 'linux', packager })).toBe(path.join('/o', 'lavka'));
  });

  it('flips the fuse wire in a packaged binary', async () => {
    const fuses = await import('@electron/fuses');
    // A stand-in for the Electron executable: padding, the fuse sentinel, wire version 1, 9 fuses, all in
    // Electron's shipped defaults (RunAsNode etc. enabled, the hardening fuses disabled).
    const S = fuses.FuseState;
    const defaults = [S.ENABLE, S.DISABLE, S.ENABLE, S.ENABLE, S.DISABLE, S.DISABLE, S.DISABLE, S.ENABLE, S.ENABLE];
    const exe = path.join(tmp.dir, 'lavka');
    writeFileSync(
      exe,
      Buffer.concat([
        Buffer.alloc(4096, 0x90),
        Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'),
        Buffer.from([1, defaults.length, ...defaults]),
        Buffer.alloc(4096, 0x90),
      ]),
    );
    const hook = require(hookFile);
    await hook.afterPack({
      appOutDir: tmp.dir,
      electronPlatformName: 'linux',
      arch: 1,
      packager: { executableName: 'lavka', appInfo: { productFilename: 'Lavka' } },
    });
    const wire = (await fuses.getCurrentFuseWire(exe)) as unknown as Record<number, number>;
    const F = fuses.FuseV1Options;
    expect(wire[F.RunAsNode]).toBe(S.DISABLE);
    expect(wire[F.EnableCookieEncryption]).toBe(S.ENABLE);
    expect(wire[F.EnableNodeOptionsEnvironmentVariable]).toBe(S.DISABLE);
    expect(wire[F.EnableNodeCliInspectArguments]).toBe(S.DISABLE);
    expect(wire[F.EnableEmbeddedAsarIntegrityValidation]).toBe(S.ENABLE);
    expect(wire[F.OnlyLoadAppFromAsar]).toBe(S.ENABLE);
    expect(wire[F.GrantFileProtocolExtraPrivileges]).toBe(S.DISABLE);
    // Fuses we do not set keep Electron's value.
    expect(wire[F.LoadBrowserProcessSpecificV8Snapshot]).toBe(S.DISABLE);
    expect(wire[F.WasmTrapHandlers]).toBe(S.ENABLE);
  });
});
