import type { ChatCompletionBody } from '@parley/contract/schemas';
import { messageText } from '@parley/contract/schemas';
import { invalidRequest } from '@parley/engine';
import type { ModelTarget } from './models.js';

/** What one Chat Completions request asks of Parley: one turn of an app's session or an agent's conversation. */
export interface TurnRequest {
  /** The last `user` message: the turn's input. */
  message: string;
  /** The session (an app) or conversation (an agent) to continue; null opens a new one. */
  threadId: string | null;
  /** For an app's session: `metadata` without the thread id. */
  metadata: Record<string, string>;
  userId: string | null;
}

/** Where each kind of model takes the thread to continue: a header, or the same name in `metadata`. */
export const threadFields = {
  app: { header: 'X-Parley-Session-Id', metadataKey: 'session_id' },
  agent: { header: 'X-Parley-Conversation-Id', metadataKey: 'conversation_id' },
} as const;

type Message = ChatCompletionBody['messages'][number];

function textOf(message: Message, index: number): string {
  const content = message.content;
  let text = '';
  if (typeof content === 'string') text = content;
  else if (Array.isArray(content)) {
    text = content
      .map((part, partIndex) => {
        if (part.type !== 'text' || typeof part.text !== 'string') {
          throw invalidRequest(`messages.${index}.content.${partIndex}`, 'only text parts are read');
        }
        return part.text;
      })
      .join('\n');
  }
  const checked = messageText.safeParse(text);
  if (!checked.success) {
    throw invalidRequest(`messages.${index}.content`, checked.error.issues[0]?.message ?? 'is not valid');
  }
  return checked.data;
}

function threadIdOf(
  body: ChatCompletionBody,
  header: (name: string) => string | undefined,
  kind: ModelTarget['kind'],
): string | null {
  const other = threadFields[kind === 'app' ? 'agent' : 'app'];
  if (header(other.header) !== undefined || body.metadata?.[other.metadataKey] !== undefined) {
    const own = threadFields[kind];
    throw invalidRequest(
      `metadata.${other.metadataKey}`,
      `an ${kind} continues with ${own.header} or metadata.${own.metadataKey}`,
    );
  }
  const fields = threadFields[kind];
  const fromHeader = header(fields.header)?.trim() || undefined;
  const fromMetadata = body.metadata?.[fields.metadataKey] || undefined;
  if (fromHeader && fromMetadata && fromHeader !== fromMetadata) {
    throw invalidRequest(`metadata.${fields.metadataKey}`, `differs from the ${fields.header} header`);
  }
  const threadId = fromHeader ?? fromMetadata ?? null;
  if (threadId !== null && threadId.length > 200) {
    throw invalidRequest(fields.header, 'must be at most 200 characters');
  }
  return threadId;
}

/**
 * OpenAI clients resend the whole history with each request; Parley keeps its own. So the turn is the
 * last message (a `user` one), the thread is the one the header or metadata names (a new one without),
 * and earlier messages are not read: the agent's system prompt and the stored history stand instead.
 */
export function turnRequestOf(
  body: ChatCompletionBody,
  header: (name: string) => string | undefined,
  kind: ModelTarget['kind'],
): TurnRequest {
  const index = body.messages.length - 1;
  const last = body.messages[index] as Message;
  if (last.role !== 'user') {
    throw invalidRequest(`messages.${index}.role`, 'the last message must be a user message: it is the turn');
  }
  const { [threadFields[kind].metadataKey]: _threadId, ...metadata } = body.metadata ?? {};
  return {
    message: textOf(last, index),
    threadId: threadIdOf(body, header, kind),
    metadata,
    userId: body.user ?? null,
  };
}
