import type { JsonObject } from '../types.js';

/**
 * The channel seam (the receiver pattern of bolt-js): a chat platform's connector
 * turns its traffic into an `InboundMessage` for the engine, and writes what the
 * engine answers through a `ChannelConnector`. The engine never sees Slack or
 * Bot Framework types; a connector never sees the store.
 */
export interface InboundMessage {
  /** The platform, as it appears in session metadata and webhooks: `slack`, `msteams`. */
  channel: string;
  /** The platform's conversation (a Slack thread, a Teams chat or reply chain): one session per key. */
  conversationKey: string;
  /** The platform's id of this delivery: a second delivery with the same id is not answered again. */
  deliveryId: string;
  text: string;
  /** The platform's user id, kept as the session's `user_id`. */
  userId: string;
  /** Channel facts (team, channel, thread, user profile…), merged into the session's metadata. */
  metadata: JsonObject;
  /** Where replies go, opaque to the engine (kept to post a person's answer later). */
  address: JsonObject;
}

/** A citation as the answer gives it (the 004 shape). */
export interface ChannelCitation {
  id: number;
  document_name: string;
  page_number: number;
  excerpt: string;
}

/** A finished answer, for the connector to post in its own format. */
export interface ChannelAnswer {
  text: string;
  citations: ChannelCitation[];
  sessionId: string;
  /** The stored assistant message (for feedback buttons); null when nothing was stored. */
  messageId: string | null;
  /** True when a person now answers the session (the text tells the user so). */
  escalated: boolean;
}

/** A tool the agent runs while it answers (a Slack task update, where the platform shows them). */
export interface ChannelToolCall {
  tool: string;
  status: 'started' | 'completed' | 'failed';
}

/** One answer on its way out: the connector shows progress, then the answer. */
export interface AnswerWriter {
  /**
   * The model is working (Teams' typing indicator); may be called again while it works. `tool`
   * names what it runs meanwhile (`search_knowledge` while it reads the documents), when it does.
   */
  working(tool?: string): Promise<void>;
  /** A tool started or ended, in order with the text (optional: a platform may not show tools). */
  tool?(call: ChannelToolCall): Promise<void>;
  /** The answer so far; the bridge calls it at most once per update interval. */
  update(textSoFar: string): Promise<void>;
  /**
   * The answer is complete: post it (or replace the progress with it) with its sources and
   * buttons. An empty `text` means the model stayed quiet (a person answers): post nothing
   * and remove any progress shown.
   */
  finish(answer: ChannelAnswer): Promise<void>;
  /** The turn failed; `message` is safe to show to the user. */
  fail(message: string): Promise<void>;
  /**
   * After `finish`: the platform's ids of the messages that show the answer, for feedback that
   * names a message rather than carrying the answer's id (Teams' feedback loop).
   */
  postedIds?(): string[];
}

/** A message the connector posts on its own (a person's answer, a notice). */
export interface ChannelPost {
  kind: 'human_agent' | 'notice';
  text: string;
  /** Who wrote a `human_agent` message, when known. */
  author: string | null;
}

/** What a conversation shows before the first message: the answering app's greeting and starter prompts. */
export interface ChannelIntro {
  name: string;
  /** The greeting, its `{{…}}` filled from `metadata`; null when the app has none. */
  greeting: string | null;
  starterPrompts: string[];
}

/** What a platform's connector offers the bridge. */
export interface ChannelConnector {
  readonly channel: string;
  /** Starts an answer to a message at this address. */
  openAnswer(address: JsonObject): AnswerWriter;
  /** Posts proactively to a stored address. */
  post(address: JsonObject, post: ChannelPost): Promise<void>;
}

/** What came of a platform message: answered, a delivery already answered, or nothing to answer. */
export type ReceiveOutcome = 'answered' | 'duplicate' | 'empty';

/**
 * What came of a button press (ask for a person, rate an answer): done, or `not_linked`
 * when the session it names is not the one its conversation holds (a button's value is
 * the presser's to change, or the conversation went on in a new session): nothing was done.
 */
export type EscalateOutcome =
  | { status: 'escalated'; message: string; alreadyEscalated: boolean }
  | { status: 'not_linked' };
export type RateOutcome = { status: 'rated' } | { status: 'not_linked' };

/** What a connector hands its traffic to: the engine's `ChannelBridge`. */
export interface ChannelHandler {
  /** Answers a platform message (streamed to the connector's writer); resolves when it is posted. */
  receive(message: InboundMessage): Promise<ReceiveOutcome>;
  /** The session of a platform conversation, if it has one. */
  linkOf(conversationKey: string): Promise<{ session_id: string } | undefined>;
  /** The answering app's starter prompts (Slack's suggested prompts in an assistant thread). */
  starterPrompts?(conversationKey?: string): Promise<string[]>;
  /** The user asks for a person, from a button in the conversation `conversationKey`. */
  escalate(conversationKey: string, sessionId: string): Promise<EscalateOutcome>;
  /** Thumbs up or down on an answer (with the user's comment, if any), from the conversation `conversationKey`. */
  rate(
    conversationKey: string,
    sessionId: string,
    messageId: string,
    rating: 'up' | 'down',
    comment?: string | null,
  ): Promise<RateOutcome>;
  /**
   * Thumbs up or down (and a comment) on the answer a platform message shows, by that message's id
   * (as the writer's `postedIds` gave it); `not_linked` when the conversation has no such answer.
   */
  ratePosted?(
    conversationKey: string,
    postedId: string,
    rating: 'up' | 'down',
    comment?: string | null,
  ): Promise<RateOutcome>;
  /** The answering app's greeting and starter prompts (when the bot is added to a conversation). */
  intro?(metadata?: JsonObject): Promise<ChannelIntro>;
}
