// electron-builder afterPack hook: flips Electron fuses in the packaged binary before it is signed
// (electron-builder signs after afterPack; flipping after signing would break the signature).
// @electron/fuses is ESM-only, hence the dynamic import.
'use strict';
const path = require('node:path');

/** electron-builder's Arch enum: ia32 0, x64 1, armv7l 2, arm64 3, universal 4. */
const ARM64 = 3;
const UNIVERSAL = 4;

/** The fuse settings, keyed by @electron/fuses' FuseV1Options indexes. */
function fuseConfig({ FuseVersion, FuseV1Options }, { platform, arch }) {
  return {
    version: FuseVersion.V1,
    // Unsigned arm64 macOS builds need their ad-hoc signature redone after the binary changes.
    resetAdHocDarwinSignature: platform === 'darwin' && (arch === ARM64 || arch === UNIVERSAL),
    // No `ELECTRON_RUN_AS_NODE=1 Lavka evil.js`.
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    // Only the signed app.asar, checked against the hash electron-builder embeds (macOS, Windows).
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  };
}

/** Where the Electron binary holding the fuse wire is in appOutDir (same rule as electron-builder's own). */
function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
    case 'win32':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`);
    default:
      return path.join(appOutDir, packager.executableName);
  }
}

async function afterPack(context) {
  const fuses = await import('@electron/fuses');
  const binary = electronBinaryPath(context);
  const config = fuseConfig(fuses, { platform: context.electronPlatformName, arch: context.arch });
  const slices = await fuses.flipFuses(binary, config);
  console.log(`  • fuses flipped in ${binary} (${slices} slice${slices === 1 ? '' : 's'})`);
}

module.exports = afterPack;
module.exports.afterPack = afterPack;
module.exports.default = afterPack;
module.exports.fuseConfig = fuseConfig;
module.exports.electronBinaryPath = electronBinaryPath;
