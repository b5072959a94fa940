import type { Redis } from 'ioredis';
import type { SharedCounters } from './shared-counters.ts';

/**
 * publish and subscribe over Redis. A connection that subscribes can do nothing else, so
 * listening takes a second connection of its own, shared by every subscription of this process.
 */
export function redisChannels(publisher: Redis, subscriber: Redis, keyPrefix: string): Pick<SharedCounters, 'publish' | 'subscribe'> {
  const listeners = new Map<string, Set<(message: string) => void>>();
  const channelOf = (channel: string): string => `${keyPrefix}${channel}`;
  // Failures are not reported here: the connection's own events say when Redis is away, and
  // the next 'ready' subscribes again.
  const ignore = (): void => {};

  subscriber.on('message', (channel: string, message: string) => {
    for (const listener of [...(listeners.get(channel) ?? [])]) listener(message);
  });
  // Redis forgets a connection's subscriptions with the connection. ioredis would replay those
  // it saw confirmed, but not one asked for while Redis was down; our own list has them all.
  subscriber.on('ready', () => {
    if (listeners.size > 0) subscriber.subscribe(...listeners.keys()).catch(ignore);
  });

  return {
    publish(channel, message) {
      publisher.publish(channelOf(channel), message).catch(ignore);
    },
    subscribe(channel, listener) {
      const name = channelOf(channel);
      // A wrapper of its own, so that one listener subscribed twice is two subscriptions.
      const subscription = (message: string): void => listener(message);
      const subscribed = listeners.get(name) ?? new Set();
      if (subscribed.size === 0) subscriber.subscribe(name).catch(ignore);
      subscribed.add(subscription);
      listeners.set(name, subscribed);
      return () => {
        if (!subscribed.delete(subscription) || subscribed.size > 0) return;
        listeners.delete(name);
        subscriber.unsubscribe(name).catch(ignore);
      };
    },
  };
}
