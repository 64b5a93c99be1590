import { promptTemplateContext } from '@parley/contract/template';
import type { EngineContext } from '../context.js';
import type { DoneEvent } from '../events.js';
import type { Principal } from '../principal.js';
import { contactEmailField } from '../services/away.js';
import {
  announceEscalation,
  type EscalationReason,
  escalation,
  webhookMessage,
} from '../services/escalation.js';
import { chooseAgent } from '../services/routing.js';
import {
  mergeSessionMetadata,
  putSessionMetadata,
  readSessionMetadata,
  withoutInlineMetadata,
} from '../services/session-metadata.js';
import { getLiveSession, withMessages } from '../services/sessions.js';
import { eventOperations } from '../services/webhooks.js';
import { put, type WriteOperation } from '../store/store.js';
import type { AgentRecord, AppRecord, JsonObject, MessageRecord, SessionRecord } from '../types.js';
import type { Handoff, OpenThread, Thread, TurnResult } from './thread.js';

/** What the prompt of an app's agent may read: `{{memory.sessionMeta.metadata.…}}`. */
export function sessionTemplateContext(session: {
  metadata: JsonObject;
  user_id: string | null;
  id: string | null;
}) {
  return promptTemplateContext({
    metadata: session.metadata,
    user_id: session.user_id,
    session_id: session.id,
  });
}

/** What a turn's request brings to an existing session: memory to merge and the user it is for. */
export interface SessionTurnChanges {
  metadata?: JsonObject;
  user_id?: string | null;
  /** Whether that user is vouched for (`checkIdentity`). */
  user_verified?: boolean;
}

/**
 * A session as one turn sees it: every change (messages, expiry, escalation) goes into one record,
 * written once, at the end of the turn; its metadata, kept apart, only when the turn changed it.
 */
class OpenSession implements OpenThread, Handoff {
  readonly opening: WriteOperation[];
  readonly templateContext: unknown;
  readonly escalated: boolean;
  readonly handoff: Handoff = this;
  private session: SessionRecord;
  private escalatedFor: EscalationReason | null = null;

  constructor(
    private readonly context: EngineContext,
    initial: SessionRecord,
    private readonly metadata: JsonObject,
    opening: WriteOperation[],
    private readonly app: AppRecord,
    readonly agent: AgentRecord,
  ) {
    this.session = withoutInlineMetadata(initial);
    this.opening = opening;
    this.escalated = initial.escalated;
    this.templateContext = sessionTemplateContext({ ...this.session, metadata });
  }

  touch(now: number, added: number, agent: AgentRecord | null): WriteOperation[] {
    this.session = withMessages(this.session, now, this.app.session_ttl_seconds, added, agent?.id ?? null);
    return [put('sessions', this.session)];
  }

  forwardUserMessage(message: MessageRecord): Promise<WriteOperation[]> {
    const session = this.session;
    return eventOperations(
      this.context,
      session.app_id,
      'message.created',
      { session_id: session.id, message: webhookMessage(message), ...contactEmailField(this.metadata) },
      session.id,
    );
  }

  async escalate(reason: EscalationReason): Promise<WriteOperation[]> {
    const prepared = await escalation(this.context, this.session, reason, this.metadata);
    this.session = prepared.session;
    this.escalatedFor = reason;
    return prepared.operations;
  }

  announce(): void {
    if (this.escalatedFor) announceEscalation(this.context, this.session.id, this.escalatedFor, this.app);
  }
}

/**
 * An app's session as a thread (seed 000 execute): opened under the turn lock
 * (expired or ended: not found), the request's metadata merged into its memory,
 * the agent chosen by the app's routing, handed over to a person when asked.
 */
export class SessionThread implements Thread {
  readonly persist = true;
  readonly appId: string;
  readonly startFields: { session_id: string };

  constructor(
    private readonly context: EngineContext,
    private readonly app: AppRecord,
    readonly id: string,
    /** Null for a session opened for this turn: its metadata and user are already stored. */
    private readonly changes: SessionTurnChanges | null,
    private readonly principal?: Principal,
  ) {
    this.appId = app.id;
    this.startFields = { session_id: id };
  }

  async open(userText: string): Promise<OpenThread> {
    const { context, changes } = this;
    let session = await getLiveSession(context, this.app.id, this.id, this.principal);
    let metadata = await readSessionMetadata(context, session);
    // A session stored before metadata had its own record moves it there on its first turn.
    let metadataChanged = session.metadata !== undefined;
    if (changes?.metadata) {
      // Over the session's limit: refused here, before the turn writes anything.
      const merged = mergeSessionMetadata(metadata, changes.metadata);
      metadata = merged.metadata;
      metadataChanged ||= merged.changed;
    }
    if (changes?.user_id) {
      session = { ...session, user_id: changes.user_id, user_verified: changes.user_verified === true };
    }
    const opening = metadataChanged ? [putSessionMetadata(session, metadata, context.clock.now())] : [];
    const agent = await chooseAgent(context, this.app, session, userText);
    return new OpenSession(context, session, metadata, opening, this.app, agent);
  }

  done(turn: TurnResult): DoneEvent {
    return {
      type: 'done',
      usage: turn.usage,
      agent: turn.agent.name,
      agent_id: turn.agent.id,
      tools_used: turn.answer.tools_used,
      session_id: this.id,
      trace_id: turn.traceId,
      // A turn a person answers stores no assistant message: there is nothing to rate.
      message_id: turn.escalated && turn.answer.content === '' ? null : turn.answer.id,
      ...(turn.escalated ? { escalated: true } : {}),
    };
  }
}
