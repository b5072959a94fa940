import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit';
import type { Redis } from 'ioredis';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import { guarded } from './redis-connection.ts';

/**
 * rate-limit-redis's store, with two things added for a Redis that goes away and comes back:
 *
 * - Every failure becomes CountersUnavailableError. express-rate-limit (passOnStoreError off,
 *   its default) hands it to the error handler, so the request is answered 503 and never
 *   let through uncounted.
 * - Its scripts are loaded again after any failure. RedisStore loads them in init() (and again
 *   on NOSCRIPT, from a Redis that restarted empty) and keeps the promise: a load made while
 *   Redis was away stays rejected, and every later count would fail with it long after Redis
 *   is back.
 */
export class SharedRateLimitStore implements Store {
  /** Counts in one store reach every process: express-rate-limit's double-count check reads this. */
  readonly localKeys = false;
  readonly prefix: string;
  readonly #redisStore: RedisStore;
  #options: Options | undefined;
  #reloadScripts = false;

  readonly #client: Redis;

  constructor(client: Redis, prefix: string) {
    this.prefix = prefix;
    this.#client = client;
    this.#redisStore = new RedisStore({
      prefix,
      sendCommand: (command: string, ...args: string[]) => client.call(command, ...args) as Promise<RedisReply>,
    });
  }

  init(options: Options): void {
    this.#options = options;
    this.#loadScripts(options);
  }

  get(key: string): Promise<ClientRateLimitInfo | undefined> {
    return this.#run(() => this.#redisStore.get(key));
  }

  increment(key: string): Promise<IncrementResponse> {
    return this.#run(() => this.#redisStore.increment(key));
  }

  decrement(key: string): Promise<void> {
    return this.#run(() => this.#redisStore.decrement(key));
  }

  resetKey(key: string): Promise<void> {
    return this.#run(() => this.#redisStore.resetKey(key));
  }

  /**
   * Deletes every count under this store's prefix (a stage's /reset). RedisStore has no such
   * operation: its keys are found with SCAN, a batch at a time, so a big keyspace never blocks Redis.
   */
  resetAll(): Promise<void> {
    return this.#run(async () => {
      const pattern = `${this.prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
      let cursor = '0';
      do {
        const [next, keys] = await this.#client.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
        if (keys.length > 0) await this.#client.unlink(...keys);
        cursor = next;
      } while (cursor !== '0');
    });
  }

  async #run<T>(operation: () => Promise<T>): Promise<T> {
    if (this.#reloadScripts && this.#options !== undefined) this.#loadScripts(this.#options);
    try {
      return await guarded(operation);
    } catch (error) {
      this.#reloadScripts = true;
      throw error;
    }
  }

  #loadScripts(options: Options): void {
    this.#reloadScripts = false;
    // init() sets the window and starts both loads; the operations wait for them. A load that
    // fails fails them too, and the one after loads again (see #run).
    this.#redisStore.init(options).catch(() => {});
  }
}
