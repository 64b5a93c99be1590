/** Plausible session and message records for tests and benchmarks: each call gives a new id. */
import { newMessage } from '../turns/messages.js';
import type { MessageRecord, SessionRecord } from '../types.js';

let sequence = 0;

export function sessionRecord(overrides: Partial<SessionRecord> = {}): SessionRecord {
  sequence += 1;
  return {
    id: `sess_contract${String(sequence).padStart(8, '0')}`,
    app_id: 'app_one',
    user_id: null,
    metadata: { userProfile: { name: 'John' } },
    status: 'active',
    message_count: 0,
    last_agent_id: null,
    created_at: '2024-01-15T14:30:00Z',
    updated_at: '2024-01-15T14:30:00Z',
    expires_at: '2024-01-15T15:30:00Z',
    ended_at: null,
    end_reason: null,
    escalated: false,
    escalated_at: null,
    escalation_reason: null,
    ...overrides,
  };
}

export function messageRecord(threadId: string, content: string): MessageRecord {
  sequence += 1;
  return {
    ...newMessage(threadId, 'app_one', 'user', content, 0),
    // Ids that sort in creation order, as the store contract's list checks expect.
    id: `msg_contract${String(sequence).padStart(8, '0')}`,
    created_at: '2024-01-15T14:30:00Z',
  };
}
