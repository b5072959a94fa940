import { request } from 'node:https';

/**
 * A `fetch` for tests that trusts one certificate, as a browser does once a learner accepted the
 * lab's: Node's own fetch takes no CA option without an extra package. Enough for the attack lab's
 * calls: a method, string headers, a string body, an AbortSignal.
 */
export function fetchTrusting(ca: string): typeof fetch {
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const headers: Record<string, string> = {};
      new Headers(init.headers).forEach((value, name) => (headers[name] = value));
      const outgoing = request(
        String(input instanceof Request ? input.url : input),
        { method: init.method ?? 'GET', headers, ca, agent: false, ...(init.signal ? { signal: init.signal } : {}) },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const headers = new Headers();
            for (const [name, value] of Object.entries(response.headers)) if (typeof value === 'string') headers.set(name, value);
            const status = response.statusCode ?? 0;
            resolve(new Response(status === 204 ? null : Buffer.concat(chunks), { status, headers }));
          });
          response.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(typeof init.body === 'string' ? init.body : undefined);
    });
}
