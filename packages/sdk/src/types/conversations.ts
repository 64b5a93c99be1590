export type {
  Conversation,
  ConversationAssignment,
  ConversationEscalation,
  ConversationHumanMessage,
  ConversationMessage,
  ConversationResolution,
  ConversationSummary,
  ConversationTyping,
} from '@parley/contract';
