import { agentRoutes } from './agents.js';
import { appRoutes } from './apps.js';
import { channelRoutes } from './channels.js';
import { consoleRoutes } from './console.js';
import { consoleInviteRoutes } from './console-invites.js';
import { conversationHandoffRoutes } from './conversation-handoff.js';
import { conversationRoutes } from './conversations.js';
import { datastoreRoutes } from './datastores.js';
import type { Route } from './define-route.js';
import { definitionRoutes } from './definitions.js';
import { handoffRoutes } from './handoff.js';
import { inboxRoutes } from './inbox.js';
import { keyRoutes } from './keys.js';
import { openAiRoutes } from './openai.js';
import { operatorRoutes } from './operators.js';
import { sessionNotificationRoutes } from './session-notifications.js';
import { sessionRoutes } from './sessions.js';
import { transcriptRoutes } from './transcripts.js';
import { webhookRoutes } from './webhooks.js';

/** Every route of the public API. */
export const routes: Route[] = [
  ...appRoutes,
  ...sessionRoutes,
  ...inboxRoutes,
  ...handoffRoutes,
  ...sessionNotificationRoutes,
  ...webhookRoutes,
  ...agentRoutes,
  ...datastoreRoutes,
  ...definitionRoutes,
  ...conversationRoutes,
  ...conversationHandoffRoutes,
  ...transcriptRoutes,
  ...keyRoutes,
  ...channelRoutes,
  ...consoleRoutes,
  ...consoleInviteRoutes,
  ...operatorRoutes,
  ...openAiRoutes,
];
