import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// import.meta.dirname is filled in by Vite's config loader; no node: imports here, since lint keeps Node out of renderer/.
export default defineConfig({
  root: import.meta.dirname,
  // Relative asset URLs: the same build is served over HTTP and loaded from app://lavka/ inside Electron.
  base: './',
  plugins: [react()],
  // Runtime assets the page loads by URL (the scan-error sound, icons) live in the top-level resources/ folder and are
  // copied as they are next to index.html.
  publicDir: '../resources/web',
  build: {
    // Relative to root.
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2023',
    // Loaded from the local disk or LAN, never a slow network: one bundle is fine.
    chunkSizeWarningLimit: 1536,
  },
});
