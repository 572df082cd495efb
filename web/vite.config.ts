/**
 * Builds the console (`npm run build:web`) into web/dist: one entry, no inline scripts (the
 * CloudFront CSP allows scripts from the origin only), hashed assets the local runtime and S3 serve.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The module preload polyfill is an inline script; every browser the console supports preloads natively.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 600,
  },
});
