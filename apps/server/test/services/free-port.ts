import { createServer, type AddressInfo } from 'node:net';

/**
 * A loopback port nothing listens on right now: the kernel picks it for a moment's listener,
 * which then lets go. Another process could take it before ours does; on a test machine that
 * is rare enough, and the server then fails to start with a clear "address in use".
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
