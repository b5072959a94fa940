import { Agent as HTTPAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HTTPSAgent, request as httpsRequest } from 'node:https';

/**
 * The scale-out bench's client: a `fetch` on Node's own http and https modules, for two reasons.
 * Node's fetch takes no CA without an extra package, and the proxy's certificate is signed by
 * Caddy's own authority; and every condition, direct or through the proxy, must be measured with
 * the same client, or the comparison would time two clients. Connections are kept open and
 * reused, as a browser keeps them, so a request pays for a TLS handshake only on a new
 * connection. Enough for the class: a method, string headers, a string body.
 */

export interface NodeFetch {
  fetch: typeof fetch;
  /** Closes the kept connections. */
  close(): void;
}

export function nodeFetch(options: { ca?: string } = {}): NodeFetch {
  const http = new HTTPAgent({ keepAlive: true });
  // IPv4: the servers listen on 127.0.0.1, and `localhost` may resolve to ::1 first.
  const https = new HTTPSAgent({ keepAlive: true, family: 4, ...(options.ca === undefined ? {} : { ca: options.ca }) });
  const send: typeof fetch = (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = input instanceof Request ? input.url : String(input);
      const headers: Record<string, string> = {};
      new Headers(init.headers).forEach((value, name) => (headers[name] = value));
      const secure = url.startsWith('https:');
      const outgoing = (secure ? httpsRequest : httpRequest)(url, { method: init.method ?? 'GET', headers, agent: secure ? https : http }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve(toResponse(response, Buffer.concat(chunks))));
        response.on('error', reject);
      });
      outgoing.on('error', reject);
      outgoing.end(typeof init.body === 'string' ? init.body : undefined);
    });
  return {
    fetch: send,
    close: () => {
      http.destroy();
      https.destroy();
    },
  };
}

function toResponse(response: IncomingMessage, body: Buffer): Response {
  const headers = new Headers();
  // Set-Cookie comes as a list: each one is kept, for getSetCookie().
  for (const [name, value] of Object.entries(response.headers)) for (const one of [value ?? []].flat()) headers.append(name, one);
  const status = response.statusCode ?? 0;
  return new Response(status === 204 || status === 304 ? null : new Uint8Array(body), { status, headers });
}
