import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The client is served by the board server itself (one process, one port), so the build
// goes to dist/client and the dev server proxies the socket to it.
export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: { outDir: '../dist/client', emptyOutDir: true, chunkSizeWarningLimit: 1200 },
  server: { proxy: { '/socket.io': { target: 'http://localhost:3000', ws: true }, '/api': 'http://localhost:3000' } },
});
