import { type BusTopic, type EventBus, InProcessEventBus } from '@parley/engine';
import type { Redis } from 'ioredis';
import type { Subscriptions } from './subscriptions.js';

/**
 * Topics that stay with the node that published them. `outbox` wakes the webhook dispatcher of the
 * node whose commit wrote the deliveries: broadcasting it would have every node send each one.
 */
const nodeLocalTopics: ReadonlySet<BusTopic> = new Set(['outbox']);

/**
 * The shared bus: every topic is a Redis pub/sub channel (`<prefix>bus:<topic>`), so a person's
 * reply posted through any node reaches the widgets and platforms following it on every node. A
 * publish is sent without waiting; while Redis is unreachable it is reported and dropped (live
 * events only: everything published is stored first). Nothing is kept in Redis.
 */
export class RedisEventBus implements EventBus {
  private readonly local = new InProcessEventBus();

  constructor(
    private readonly publisher: Redis,
    private readonly subscriptions: Subscriptions,
    private readonly prefix: string,
    private readonly onError: (error: unknown, what: string) => void,
  ) {}

  publish(topic: BusTopic, payload: unknown): void {
    if (nodeLocalTopics.has(topic)) {
      this.local.publish(topic, payload as never);
      return;
    }
    this.publisher
      .publish(this.channelOf(topic), JSON.stringify(payload))
      .catch((error: unknown) => this.onError(error, `publish to ${topic}`));
  }

  subscribe(topic: BusTopic, listener: (payload: never) => void): () => void {
    if (nodeLocalTopics.has(topic)) return this.local.subscribe(topic, listener);
    return this.subscriptions.addQuietly(this.channelOf(topic), (message) => {
      listener(JSON.parse(message) as never);
    });
  }

  settled(): Promise<void> {
    return this.subscriptions.settled();
  }

  private channelOf(topic: BusTopic): string {
    return `${this.prefix}bus:${topic}`;
  }
}
