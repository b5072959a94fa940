import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** `AUTHLAB_HTTPS=1 npm run dev` starts the lesson server over TLS; the proxy must speak it too. */
const HTTPS = process.env.AUTHLAB_HTTPS === '1';
const SERVER = `${HTTPS ? 'https' : 'http'}://127.0.0.1:${process.env.AUTHLAB_SERVER_PORT ?? 3000}`;

export default defineConfig({
  plugins: [react()],
  server: {
    host: '127.0.0.1',
    port: 5173,
    // Same origin in development too: the API is proxied, so no CORS anywhere.
    // Over HTTPS the lab's certificate is self-signed, so the proxy does not check it: a
    // development-only hop from 127.0.0.1 to 127.0.0.1 that never crosses a network.
    proxy: { '/api': HTTPS ? { target: SERVER, secure: false } : SERVER },
    // Lesson content and stage sources live outside this package.
    fs: { allow: ['../..'] },
  },
  build: {
    outDir: 'dist',
    // mermaid is big but loaded on demand; the warning would only be noise.
    chunkSizeWarningLimit: 3000,
  },
});
