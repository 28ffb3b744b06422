import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress } from './precompress.js';

/**
 * The web UI. `npm run build` writes web/dist (with a .br and a .gz copy of each text file, see
 * precompress.ts), which `dovetail serve` serves at `/`;
 * `npm run dev` runs Vite's dev server and sends /api to a running `dovetail serve`
 * (DOVETAIL_API, default http://127.0.0.1:3000).
 */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  server: {
    proxy: { '/api': { target: process.env.DOVETAIL_API ?? 'http://127.0.0.1:3000', changeOrigin: false } },
  },
});
