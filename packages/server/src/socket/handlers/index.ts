import { chat } from './chat.js';
import { citation } from './citation.js';
import { config } from './config.js';
import { contact } from './contact.js';
import { conversation } from './conversation.js';
import { escalate } from './escalate.js';
import { execute } from './execute.js';
import { feedback } from './feedback.js';
import { history } from './history.js';
import { resume } from './resume.js';
import type { SocketHandler } from './socket-handler.js';
import { subscribe } from './subscribe.js';

export type { Acknowledgement, SocketContext, SocketHandler } from './socket-handler.js';

/** Every client message the socket answers, by its event name (docs/socket-protocol.md). */
export const socketHandlers: Record<string, SocketHandler> = {
  config,
  execute,
  chat,
  resume,
  history,
  conversation,
  feedback,
  escalate,
  subscribe,
  contact,
  citation,
};
