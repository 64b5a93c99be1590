import { z } from 'zod';
import { identifier, timestamp } from './common.js';

// Chat platforms (Slack, Teams) as the console shows them

const channelSetting = z.object({
  variable: z.string().meta({ description: 'The environment variable, e.g. `SLACK_BOT_TOKEN`' }),
  set: z.boolean().meta({ description: 'Whether the running server has it (its value is never shown)' }),
  required: z.boolean(),
  description: z.string(),
});

export const channelStatus = z
  .object({
    platform: z.enum(['slack', 'teams']),
    name: z.string(),
    enabled: z.boolean().meta({ description: 'Whether the connector runs on this server' }),
    mode: z
      .enum(['http', 'socket_mode', 'unauthenticated'])
      .nullable()
      .meta({ description: 'How it receives events; null when off' }),
    endpoint: z.string().nullable().meta({ description: 'The path the platform posts to, when over HTTP' }),
    app_id: z.string().nullable().meta({ description: 'The Parley app whose agents answer there' }),
    app_name: z.string().nullable(),
    last_event_at: timestamp
      .nullable()
      .meta({ description: 'The last message or button press received since the server started' }),
    manifest_url: z.string().meta({ description: 'Where to download the app manifest or package' }),
    manifest_ready: z.boolean().meta({
      description: 'False while the download still needs a setting (Teams: `MICROSOFT_APP_ID`)',
    }),
    settings: z.array(channelSetting),
  })
  .meta({ title: 'ChannelStatus' });

export const channelList = z.object({ data: z.array(channelStatus) }).meta({ title: 'ChannelList' });

export const slackWorkspace = z
  .object({
    team_id: z.string().meta({ description: "Slack's team id, e.g. `T0123ABCD`" }),
    team_name: z.string().nullable(),
    app_id: z
      .string()
      .nullable()
      .meta({ description: 'The app chosen for the workspace; null: the default app' }),
    answering_app_id: z.string().meta({
      description:
        'The app that answers there now: the chosen one, else `PARLEY_SLACK_APP_ID`, else the demo app',
    }),
    answering_app_name: z.string().nullable(),
    installed_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ title: 'SlackWorkspace' });

export const slackWorkspaceList = z
  .object({
    data: z.array(slackWorkspace),
    install_url: z.string().nullable().meta({
      description: 'Where "Add to Slack" starts (`/slack/install`); null while OAuth installs are off',
    }),
  })
  .meta({ title: 'SlackWorkspaceList' });

export const slackWorkspacePath = z.strictObject({ team_id: identifier });

export const updateSlackWorkspaceBody = z
  .strictObject({
    app_id: identifier
      .nullable()
      .meta({ description: 'The Parley app that answers in the workspace; null: the default app' }),
  })
  .meta({ title: 'SlackWorkspaceUpdate' });
