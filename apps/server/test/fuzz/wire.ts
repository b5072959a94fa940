import { connect, type Socket } from 'node:net';

/**
 * A deliberately small HTTP/1.1 client over one keep-alive socket. Node's own client refuses
 * to send some of what the fuzz suite needs (header bytes it considers invalid) and costs as
 * much CPU as the server under test; this one writes exactly the bytes it is given.
 */

export interface WireRequest {
  method: string;
  path: string;
  /** Header values are sent as latin1 bytes, exactly as given. */
  headers: Record<string, string>;
  body?: Buffer;
}

export interface WireResponse {
  status: number;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  text: string;
}

export interface WireClient {
  send(request: WireRequest): Promise<WireResponse>;
  close(): void;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/** `localAddress` picks the client's own loopback address (any of 127.0.0.0/8), to play many clients. */
export function createWireClient(port: number, options: { localAddress?: string } = {}): WireClient {
  let socket: Socket | undefined;
  let closed = false;

  /** Sends one request on its own socket state and resolves with the one response to it. */
  function exchange(connection: Socket, method: string, bytes: Buffer): Promise<WireResponse> {
    return new Promise((resolve, reject) => {
      let buffered = Buffer.alloc(0);
      const finish = (error?: Error, response?: WireResponse): void => {
        connection.off('data', onData);
        connection.off('close', onClose);
        if (response !== undefined) resolve(response);
        else reject(error);
      };
      const onData = (chunk: Buffer): void => {
        buffered = Buffer.concat([buffered, chunk]);
        const response = parse(buffered, method, false);
        if (response !== undefined) finish(undefined, response);
      };
      const onClose = (): void => {
        if (socket === connection) socket = undefined;
        const response = parse(buffered, method, true);
        finish(new Error('connection closed before a complete response'), response);
      };
      connection.on('data', onData);
      connection.on('close', onClose);
      connection.write(bytes);
    });
  }

  return {
    send(request) {
      if (closed) return Promise.reject(new Error('client closed'));
      if (socket === undefined || socket.destroyed) {
        socket = connect({ host: '127.0.0.1', port, noDelay: true, ...options });
        socket.on('error', () => {});
      }
      const body = request.body ?? Buffer.alloc(0);
      let head = `${request.method} ${request.path} HTTP/1.1\r\nHost: 127.0.0.1\r\n`;
      for (const [name, value] of Object.entries(request.headers)) head += `${name}: ${value}\r\n`;
      // Always framed, as curl and browsers do, so a GET with a body cannot bleed into the next request.
      if (request.body !== undefined || !['GET', 'HEAD', 'OPTIONS', 'DELETE'].includes(request.method)) head += `Content-Length: ${body.length}\r\n`;
      const connection = socket;
      return exchange(connection, request.method, Buffer.concat([Buffer.from(`${head}\r\n`, 'latin1'), body])).then((response) => {
        // The server said it will close: do not reuse the socket for the next request.
        if (/\bclose\b/i.test(response.headers.connection ?? '')) connection.destroy();
        return response;
      });
    },
    close() {
      closed = true;
      socket?.destroy();
    },
  };
}

/** One complete response at the start of `buffered`, or undefined while more bytes are due. */
function parse(buffered: Buffer, method: string, ended: boolean): WireResponse | undefined {
  let headerEnd = buffered.indexOf(HEADER_END);
  let start = 0;
  // Skip interim responses (100 Continue): the real one follows.
  while (headerEnd !== -1 && /^HTTP\/1\.[01] 1\d\d/.test(buffered.subarray(start, start + 12).toString('latin1'))) {
    start = headerEnd + 4;
    headerEnd = buffered.indexOf(HEADER_END, start);
  }
  if (headerEnd === -1) return undefined;
  const [statusLine = '', ...lines] = buffered.subarray(start, headerEnd).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  const bodyStart = headerEnd + 4;
  let end: number;
  if (method === 'HEAD' || status === 204 || status === 304) end = bodyStart;
  else if (headers['content-length'] !== undefined) end = bodyStart + Number(headers['content-length']);
  else if (ended) end = buffered.length;
  else return undefined;
  if (buffered.length < end) return undefined;
  return { status, headers, text: buffered.subarray(bodyStart, end).toString('utf8') };
}
