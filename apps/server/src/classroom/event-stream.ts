import type { Request, Response } from 'express';

/**
 * Server-sent events: the dashboard's live table and the learners' follow-me banner. One
 * `text/event-stream` answer stays open; each change is one `event:`/`data:` block. A comment
 * every 25 s keeps proxies from closing an idle stream.
 */

const HEARTBEAT_MS = 25_000;

export interface EventStream {
  send(event: string, data: unknown): void;
  close(): void;
}

export function openEventStream(req: Request, res: Response, onClose: () => void): EventStream {
  res.status(200).set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    // nginx buffers answers unless told not to; a buffered stream would arrive all at once, at the end.
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  // Asks the browser to wait 3 s before reconnecting after the stream drops.
  res.write('retry: 3000\n\n');
  const heartbeat = setInterval(() => res.write(': still here\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  let open = true;
  const closed = (): void => {
    if (!open) return;
    open = false;
    clearInterval(heartbeat);
    onClose();
  };
  req.on('close', closed);
  res.on('error', closed);
  return {
    send(event, data) {
      // JSON never contains a raw newline, so one `data:` line holds it.
      if (open) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    close() {
      if (!open) return;
      res.end();
      closed();
    },
  };
}

/**
 * Calls `fn` at most once per `ms`, always after the latest request: a burst of changes (a class
 * running its checks at once) becomes one snapshot, and the last change is never lost.
 */
export function coalesce(fn: () => Promise<void>, ms: number): () => void {
  let timer: NodeJS.Timeout | undefined;
  return () => {
    if (timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      fn().catch((error: unknown) => console.error('live class update failed:', error));
    }, ms);
    timer.unref();
  };
}
