import { randomUUID } from 'node:crypto';
import { type BusTopic, type EventBus, InProcessEventBus } from '@parley/engine';
import type { Redis } from 'ioredis';
import type { Subscriptions } from './subscriptions.js';

/**
 * Topics that stay with the node that published them. `outbox` wakes the webhook dispatcher of the
 * node whose commit wrote the deliveries: broadcasting it would have every node send each one.
 */
const nodeLocalTopics: ReadonlySet<BusTopic> = new Set(['outbox']);

/** What travels on a channel: the payload and the node that published it. */
interface Envelope {
  node: string;
  payload: unknown;
}

/**
 * The shared bus: every topic is a Redis pub/sub channel (`<prefix>bus:<topic>`), so a person's
 * reply posted through any node reaches the widgets and platforms following it on every node.
 * This node's own listeners hear its publishes at once, in process, as with the embedded bus (a
 * socket that starts following a session mid-turn misses nothing published on its node); the
 * other nodes hear them through Redis, and each node skips its own echo. A publish is sent
 * without waiting; while Redis is unreachable the other nodes miss it (it is reported): live
 * events only, everything published is stored first. Nothing is kept in Redis.
 */
export class RedisEventBus implements EventBus {
  private readonly local = new InProcessEventBus();
  private readonly node = randomUUID();

  constructor(
    private readonly publisher: Redis,
    private readonly subscriptions: Subscriptions,
    private readonly prefix: string,
    private readonly onError: (error: unknown, what: string) => void,
  ) {}

  publish(topic: BusTopic, payload: unknown): void {
    this.local.publish(topic, payload as never);
    if (nodeLocalTopics.has(topic)) return;
    const envelope: Envelope = { node: this.node, payload };
    this.publisher
      .publish(this.channelOf(topic), JSON.stringify(envelope))
      .catch((error: unknown) => this.onError(error, `publish to ${topic}`));
  }

  subscribe(topic: BusTopic, listener: (payload: never) => void): () => void {
    const stopLocal = this.local.subscribe(topic, listener);
    if (nodeLocalTopics.has(topic)) return stopLocal;
    const stopRemote = this.subscriptions.addQuietly(this.channelOf(topic), (message) => {
      const envelope = JSON.parse(message) as Envelope;
      if (envelope.node !== this.node) listener(envelope.payload as never);
    });
    return () => {
      stopLocal();
      stopRemote();
    };
  }

  settled(): Promise<void> {
    return this.subscriptions.settled();
  }

  private channelOf(topic: BusTopic): string {
    return `${this.prefix}bus:${topic}`;
  }
}
