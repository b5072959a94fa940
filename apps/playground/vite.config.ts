import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const SERVER = `http://127.0.0.1:${process.env.AUTHLAB_SERVER_PORT ?? 3000}`;

export default defineConfig({
  plugins: [react()],
  server: {
    host: '127.0.0.1',
    port: 5173,
    // Same origin in development too: the API is proxied, so no CORS anywhere.
    proxy: { '/api': SERVER },
    // Lesson content and stage sources live outside this package.
    fs: { allow: ['../..'] },
  },
  build: {
    outDir: 'dist',
    // mermaid is big but loaded on demand; the warning would only be noise.
    chunkSizeWarningLimit: 3000,
  },
});
