import { Redis, type RedisOptions } from 'ioredis';
import { CountersUnavailableError } from './shared-counters.ts';

/**
 * One connection to Redis that fails fast while Redis is away and comes back by itself.
 * A request that needs a count must get its 503 at once: a command queued until Redis
 * returns would hold the request (and the learner) for as long as the outage lasts.
 */
const CLIENT_OPTIONS: RedisOptions = {
  lazyConnect: true,
  // Refused at once while disconnected, instead of waiting in a queue for the reconnect.
  enableOfflineQueue: false,
  // Never sent twice: a count whose reply was lost with the connection may already have been
  // made, and repeating it after the reconnect would count the request twice.
  maxRetriesPerRequest: 0,
  connectTimeout: 1000,
  // A Redis that accepts the connection but hangs (stopped, swapping) gets the same answer.
  commandTimeout: 1500,
  // Tries again soon, then every second: back within a second of Redis, and no busy loop meanwhile.
  retryStrategy: (attempt: number) => Math.min(attempt * 100, 1000),
};

export interface ConnectionOptions {
  /** Where it says that Redis went away and came back: one line each, never one per retry. */
  log: (line: string) => void;
  /** The subscriber connection re-subscribes on its own (see redis-channels.ts). */
  autoResubscribe?: boolean;
}

export interface RedisConnection {
  readonly client: Redis;
  /** Closes politely when Redis answers, at once when it does not; never rejects. */
  close(): Promise<void>;
}

/** A connected client; rejects with a message naming the server (never its password) if it cannot reach it. */
export async function connectRedis(url: string, options: ConnectionOptions): Promise<RedisConnection> {
  const client = new Redis(url, { ...CLIENT_OPTIONS, autoResubscribe: options.autoResubscribe ?? true });
  const where = describeServer(url);
  let lastError = '';
  // 'up' until a connection that was ready closes, 'down' until one is ready again: the only
  // two changes reported, however many retries lie between them. A first connection that never
  // became ready is connect()'s failure, not an outage.
  let state: 'starting' | 'up' | 'down' | 'closing' = 'starting';
  // Without a listener, ioredis's 'error' event would end the process at the first lost connection.
  client.on('error', (error: Error) => (lastError = error.message));
  client.on('close', () => {
    if (state !== 'up') return;
    state = 'down';
    options.log(`Lost the connection to Redis at ${where}: the shared counters answer 503 until it is back.`);
  });
  client.on('ready', () => {
    if (state === 'down') options.log(`Reconnected to Redis at ${where}: the shared counters work again.`);
    if (state !== 'closing') state = 'up';
  });
  try {
    await client.connect();
  } catch (error) {
    // connect() gives up after the first attempt, but the client would keep retrying: stop it.
    state = 'closing';
    client.disconnect();
    const reason = lastError || (error instanceof Error ? error.message : String(error));
    throw new Error(`Could not reach Redis at ${where} (AUTHLAB_REDIS_URL): ${reason}`, { cause: error });
  }
  return {
    client,
    async close() {
      // Closing on purpose is not an outage to report.
      state = 'closing';
      try {
        await client.quit();
      } catch {
        client.disconnect();
      }
    },
  };
}

/** Runs a command, turning any failure into the one error the app answers with a 503. */
export async function guarded<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw new CountersUnavailableError(error);
  }
}

/** host:port only: the URL may carry a password, which has no place in a log. */
function describeServer(url: string): string {
  try {
    const { hostname, port } = new URL(url);
    return `${hostname}:${port || '6379'}`;
  } catch {
    return 'the configured address';
  }
}
