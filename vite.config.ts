import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The client is served by the board server itself (one process, one port): `npm start` serves the
// build in dist/client, `npm run dev` runs Vite inside the server (server/dev.ts).
export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: { outDir: '../dist/client', emptyOutDir: true, chunkSizeWarningLimit: 1200 },
});
