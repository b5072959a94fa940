import type { AddressInfo } from 'node:net';
import { createHTTPServer } from '../../src/http-server.ts';
import { createTestApp, type TestApp, type TestAppOptions } from '../helpers.ts';
import { createWireClient, type WireRequest, type WireResponse } from '../fuzz/wire.ts';

/** A test app behind a real HTTP server on an ephemeral loopback port, with a keep-alive client. */
export interface LiveServer {
  lab: TestApp;
  url: string;
  send(request: WireRequest): Promise<WireResponse>;
  /** POSTs a JSON body. */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<WireResponse>;
  close(): Promise<void>;
}

export async function startLiveServer(options: TestAppOptions = {}): Promise<LiveServer> {
  const lab = createTestApp(options);
  const server = createHTTPServer(lab.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = createWireClient(port);
  return {
    lab,
    url: `http://127.0.0.1:${port}`,
    send: (request) => client.send(request),
    post: (path, body, headers = {}) =>
      client.send({ method: 'POST', path, headers: { 'content-type': 'application/json', ...headers }, body: Buffer.from(JSON.stringify(body)) }),
    async close() {
      client.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      lab.close();
    },
  };
}
