export type { Conversation, ConversationMessage, ConversationSummary } from '@parley/contract';
