export type {
  Citation,
  CitationEvent,
  DoneEvent,
  ErrorEvent,
  StartEvent,
  TokenEvent,
  ToolCallEvent,
  TurnEvent,
  TurnEventListener,
  TurnUsage,
} from '@parley/contract/turn-events';
