import type { SlackStoredMessage } from './slack-api-server.js';
import { slackSigningSecret } from './slack-driver.js';
import { blockActionsPayload, formBody, postToSlackEndpoint } from './slack-events.js';

/** Every text a Slack message shows (its blocks' texts, buttons' labels and URLs). */
export function slackMessageText(message: SlackStoredMessage): string {
  return JSON.stringify(message.versions.at(-1)?.blocks ?? []) + (message.versions.at(-1)?.text ?? '');
}

/** Where a support thread's opening message is, and who presses its button. */
export interface HandBackPress {
  /** Parley's Slack events endpoint. */
  endpoint: string;
  opening: SlackStoredMessage;
  teamId: string;
  channel: string;
  user: string;
}

/** The signed press of a support thread opening's *Hand back* button, as Slack sends it; its HTTP status. */
export async function pressHandBack({
  endpoint,
  opening,
  teamId,
  channel,
  user,
}: HandBackPress): Promise<number> {
  const latest = opening.versions.at(-1);
  const actions = (latest?.blocks ?? []).find((block) => block.type === 'actions') as unknown as {
    block_id: string;
    elements: { action_id: string; value?: string; text: { text: string } }[];
  };
  const button = actions.elements.find((element) => element.text.text === 'Hand back');
  if (!button) throw new Error('no Hand back button');
  const payload = blockActionsPayload({
    teamId,
    user,
    channel,
    message: {
      ts: opening.ts,
      thread_ts: null,
      text: latest?.text ?? '',
      blocks: latest?.blocks ?? [],
      user: opening.user,
      bot_id: opening.bot_id,
    },
    action: {
      action_id: button.action_id,
      block_id: actions.block_id,
      value: button.value ?? '',
      text: button.text.text,
    },
  });
  const result = await postToSlackEndpoint(
    endpoint,
    slackSigningSecret,
    formBody(payload),
    'application/x-www-form-urlencoded',
  );
  return result.status;
}
