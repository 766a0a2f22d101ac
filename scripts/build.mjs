// Builds everything the app runs from: the renderer (Vite) and the Node entries (esbuild).
// Node entries are bundled so the shipped app does not depend on TypeScript at run time;
// native and heavy modules stay external and load from node_modules.
import { build as esbuild } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as viteBuild } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const only = process.argv[2]; // 'renderer' | 'node' | undefined (both)

const external = [...Object.keys(pkg.dependencies ?? {}), 'electron'];

/** [entry, outfile, format] — electron's preload must be CommonJS to run sandboxed. */
const nodeEntries = [
  ['server/serve.ts', 'dist/server/serve.mjs', 'esm'],
  ['scripts/start.ts', 'dist/server/start.mjs', 'esm'],
  ['electron/main.ts', 'dist/electron/main.cjs', 'cjs'],
  ['electron/preload.ts', 'dist/electron/preload.cjs', 'cjs'],
  // The reader's worker thread (core/reader), beside each bundle that starts it, in that bundle's format.
  ['core/reader/worker.ts', 'dist/server/reader-worker.mjs', 'esm'],
  ['core/reader/worker.ts', 'dist/electron/reader-worker.cjs', 'cjs'],
].filter(([entry]) => existsSync(path.join(root, entry)));

if (only !== 'node') {
  await viteBuild({ configFile: path.join(root, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
}
if (only !== 'renderer') {
  for (const [entry, outfile, format] of nodeEntries) {
    await esbuild({
      entryPoints: [path.join(root, entry)],
      outfile: path.join(root, outfile),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format,
      external,
      sourcemap: true,
      logLevel: 'warning',
      // ESM bundles still meet CommonJS deps that call require(): give them one. CommonJS bundles (Electron) get
      // import.meta.url from __filename, for code shared with the ESM side.
      banner:
        format === 'esm'
          ? { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" }
          : { js: "const __import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
      define: format === 'cjs' ? { 'import.meta.url': '__import_meta_url' } : undefined,
    });
  }
}
