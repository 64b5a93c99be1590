import { type ChannelHandler, toIso } from '@parley/engine';

/** When each platform last received something (a message or a button press), since the server started. */
export class PlatformActivity {
  private readonly lastEvents = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  note(platform: string): void {
    this.lastEvents.set(platform, this.now());
  }

  lastEventAt(platform: string): string | null {
    const at = this.lastEvents.get(platform);
    return at === undefined ? null : toIso(at);
  }

  /** The handler, noting each inbound message and button press of `platform` before it goes on. */
  noting(platform: string, handler: ChannelHandler): ChannelHandler {
    const noted: ChannelHandler = {
      receive: (message) => {
        this.note(platform);
        return handler.receive(message);
      },
      linkOf: (conversationKey) => handler.linkOf(conversationKey),
      starterPrompts: async (conversationKey) => (await handler.starterPrompts?.(conversationKey)) ?? [],
      escalate: (conversationKey, sessionId) => {
        this.note(platform);
        return handler.escalate(conversationKey, sessionId);
      },
      rate: (conversationKey, sessionId, messageId, rating, comment) => {
        this.note(platform);
        return handler.rate(conversationKey, sessionId, messageId, rating, comment);
      },
    };
    const { intro, ratePosted } = handler;
    if (ratePosted)
      noted.ratePosted = (conversationKey, postedId, rating, comment) => {
        this.note(platform);
        return ratePosted.call(handler, conversationKey, postedId, rating, comment);
      };
    if (intro)
      noted.intro = (metadata) => {
        this.note(platform);
        return intro.call(handler, metadata);
      };
    return noted;
  }
}
