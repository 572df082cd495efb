/**
 * Builds the console (`npm run build:web`) into web/dist: one entry, no inline scripts (the
 * CloudFront CSP allows scripts from the origin only), hashed assets the local runtime and S3 serve.
 * The code is written against React's API and types; it runs on Preact's compatibility layer
 * (`preact/compat`, ~10 KB where react-dom is ~180 KB), which keeps the first view's script small
 * enough to start fast (docs/decisions/console.md).
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
      { find: /^react-dom$/, replacement: 'preact/compat' },
      { find: /^react\/jsx-runtime$/, replacement: 'preact/jsx-runtime' },
      { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/jsx-dev-runtime' },
      { find: /^react$/, replacement: 'preact/compat' },
    ],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The module preload polyfill is an inline script; every browser the console supports preloads natively.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 600,
  },
});
