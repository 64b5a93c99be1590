import { formatString, launcherStrings } from './launcher-strings.js';

export { formatString, launcherStrings };

/**
 * Every text the widget shows, in English. A host page overrides any of them
 * (`data-strings` on the script tag, the `strings` attribute or property);
 * `{name}` slots are filled by `formatString`.
 */
export const defaultStrings = {
  ...launcherStrings,
  title: 'Chat',
  assistant: 'Assistant',
  you: 'You',
  humanAgent: 'Support agent',
  inputLabel: 'Your message',
  placeholder: 'Type a message…',
  send: 'Send',
  starterPrompts: 'Suggested questions',
  messages: 'Messages',
  typing: 'The assistant is typing',
  personTyping: '{name} is typing…',
  searchingKnowledge: 'Searching knowledge…',
  runningTool: 'Running {tool}…',
  toolFailed: '{tool} did not work',
  sources: 'Sources',
  page: 'page {page}',
  helpful: 'Helpful',
  notHelpful: 'Not helpful',
  talkToPerson: 'Talk to a person',
  escalated: 'You asked for a person. Someone from the team will answer here.',
  resolved: 'The person has left the conversation; the assistant answers again.',
  pending: 'Waiting to send',
  offline: 'You are offline. Messages will be sent when the connection is back.',
  serverUnreachable: 'The chat server cannot be reached. Messages will be sent when it is back.',
  unavailableHere: 'The chat is not available on this site.',
  linkRevoked: 'This chat link is no longer valid: it was revoked or replaced.',
  linkExpired: 'This chat link has expired.',
  connecting: 'Connecting…',
  unavailable: 'The chat is not available right now.',
  errorGeneric: 'Something went wrong.',
  incomplete: 'This answer was cut short.',
  retry: 'Retry',
  newMessages: 'New messages',
  newConversation: 'New conversation',
  newConversationStarted: 'A new conversation has started.',
  justNow: 'just now',
};

export type ParleyStrings = typeof defaultStrings;

/**
 * The launcher's name while a person's replies wait unread (`widget/notify.js`, loaded only then; its
 * English texts are in that module, each language's in `lang/<code>.ts`). `{count}`: how many, `{name}`: who wrote.
 */
export interface NotifyStrings {
  unreadFromOne: string;
  unreadFrom: string;
}
