import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// No node:url here so the client's DOM-only tsconfig checks this file too.
const clientRoot = decodeURIComponent(new URL('.', import.meta.url).pathname);

/** Builds the browser app into client/dist; the server serves that folder (no CDN, no remote assets). */
export default defineConfig({
  root: clientRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Leaflet and uPlot are large; one chunk each keeps the review page's first load cacheable.
    chunkSizeWarningLimit: 900,
  },
  server: {
    // The client imports types and channel names from ../telemetry.
    fs: { allow: ['..'] },
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/socket.io': { target: 'http://127.0.0.1:8080', ws: true },
    },
  },
});
