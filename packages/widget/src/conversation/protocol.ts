/**
 * The wire shapes of the Socket.IO channel (`docs/socket-protocol.md`) that the widget reads and writes:
 * the contract's types, imported as types only so that nothing of the contract reaches the bundle.
 */
import type {
  Acknowledgement as ContractAcknowledgement,
  ErrorCode,
  ErrorDetails,
  ErrorReason,
  WidgetConfig,
} from '@parley/contract';

export type {
  Citation,
  HumanMessageEvent,
  MessageRole,
  SocketTurnEvent as TurnEvent,
  StoredMessage,
} from '@parley/contract';

/** What the server refused with, or what the widget reports itself (`offline`, `timeout`, `incomplete`). */
export interface ErrorObject {
  code: ErrorCode | 'offline' | 'timeout' | 'incomplete';
  message: string;
  details?: ErrorDetails;
}

/** The `config` answer; empty until it has arrived. */
export type ChatConfig = Partial<WidgetConfig>;

/** Every client message is acknowledged with `{ok: true, …}` or `{ok: false, error}`. */
export type Acknowledgement<Answer extends object = object> = ContractAcknowledgement<Answer, ErrorObject>;

/**
 * `details.reason` of a resend whose turn was answered long ago (the contract's
 * `errorReasons.requestAlreadyAnswered`): written out, and checked against the contract by the compiler,
 * so that no value of the contract is bundled.
 */
export const requestAlreadyAnswered: ErrorReason = 'answered';
