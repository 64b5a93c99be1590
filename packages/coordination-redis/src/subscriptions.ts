import type { Redis } from 'ioredis';
import { redisCall } from './redis-client.js';

type Handler = (message: string) => void;

/**
 * The node's pub/sub connection, shared by the bus and the live-turn log: handlers per channel,
 * the channel subscribed while it has one. After a reconnect every channel is subscribed again and
 * the `onReconnect` listeners are told (messages published meanwhile were missed: they catch up).
 */
export class Subscriptions {
  private readonly handlers = new Map<string, Set<Handler>>();
  private readonly reconnectListeners = new Set<() => void>();
  private readonly pending = new Set<Promise<unknown>>();
  private wasReady = false;

  constructor(
    private readonly client: Redis,
    private readonly onError: (error: unknown, what: string) => void,
  ) {
    client.on('message', (channel: string, message: string) => {
      for (const handler of [...(this.handlers.get(channel) ?? [])]) {
        try {
          handler(message);
        } catch (error) {
          this.onError(error, 'a subscriber failed');
        }
      }
    });
    client.on('ready', () => {
      if (!this.wasReady) {
        this.wasReady = true;
        // Channels added before the first connection could not be subscribed then.
        this.resubscribe();
        return;
      }
      this.resubscribe();
      for (const listener of [...this.reconnectListeners]) listener();
    });
  }

  /** Subscribes `handler` to `channel`; throws 503 `unavailable` when Redis cannot confirm it. */
  async add(channel: string, handler: Handler): Promise<() => void> {
    const remove = this.register(channel, handler);
    try {
      await redisCall(() => this.client.subscribe(channel));
    } catch (error) {
      remove();
      throw error;
    }
    return remove;
  }

  /** Subscribes in the background (the bus); a failure is reported, and mended at the next reconnect. */
  addQuietly(channel: string, handler: Handler): () => void {
    const remove = this.register(channel, handler);
    const subscribing = this.client
      .subscribe(channel)
      .catch((error: unknown) => this.onError(error, `subscribe to ${channel}`))
      .finally(() => this.pending.delete(subscribing));
    this.pending.add(subscribing);
    return remove;
  }

  /** Resolves once the subscriptions asked for so far are confirmed (or failed). */
  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  private register(channel: string, handler: Handler): () => void {
    const set = this.handlers.get(channel) ?? new Set();
    set.add(handler);
    this.handlers.set(channel, set);
    return () => {
      if (!set.delete(handler) || set.size > 0 || this.handlers.get(channel) !== set) return;
      this.handlers.delete(channel);
      if (this.client.status === 'ready') {
        this.client.unsubscribe(channel).catch((error: unknown) => this.onError(error, 'unsubscribe'));
      }
    };
  }

  private resubscribe(): void {
    const channels = [...this.handlers.keys()];
    if (channels.length === 0) return;
    const subscribing = this.client
      .subscribe(...channels)
      .catch((error: unknown) => this.onError(error, 'subscribe again after a reconnect'))
      .finally(() => this.pending.delete(subscribing));
    this.pending.add(subscribing);
  }
}
