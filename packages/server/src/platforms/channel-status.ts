import type { ChannelSetting, ChannelStatus } from '@parley/contract';
import type { SlackSettings, TeamsSettings } from '../config.js';
import type { PlatformActivity } from './activity.js';

/** A platform's status but the app's name (the route reads it from the engine). */
export type ChannelFacts = Omit<ChannelStatus, 'app_name'>;

/** What the Channels routes know of the platforms: their status, and what the Teams package needs. */
export interface ChannelSource {
  statuses(): ChannelFacts[];
  /** `MICROSOFT_APP_ID`, for the Teams app package. */
  teamsAppId: string | undefined;
  /** Slack's installs in many workspaces: where "Add to Slack" starts (null: off), and the app answering by default. */
  slackWorkspaces: { installUrl: string | null; defaultAppId: string | null };
}

const slackEndpoint = '/slack/events';
const teamsEndpoint = '/api/messages';

function setting(variable: string, value: unknown, required: boolean, description: string): ChannelSetting {
  return { variable, set: value !== undefined && value !== false, required, description };
}

function slackStatus(slack: SlackSettings, defaultAppId: string | null, activity?: PlatformActivity) {
  const enabled = Boolean(slack.oauth || (slack.botToken && (slack.signingSecret || slack.appToken)));
  const mode = !enabled ? null : slack.appToken && !slack.oauth ? 'socket_mode' : 'http';
  return {
    platform: 'slack',
    name: 'Slack',
    enabled,
    mode,
    endpoint: mode === 'http' ? slackEndpoint : null,
    app_id: enabled ? (slack.parleyAppId ?? defaultAppId) : null,
    last_event_at: activity?.lastEventAt('slack') ?? null,
    manifest_url: '/v1/channels/slack/manifest',
    manifest_ready: true,
    settings: [
      setting(
        'SLACK_BOT_TOKEN',
        slack.botToken,
        !slack.oauth,
        'The Bot User OAuth Token (xoxb-…): one workspace',
      ),
      setting('SLACK_SIGNING_SECRET', slack.signingSecret, false, 'Checks events received over HTTP'),
      setting(
        'SLACK_CLIENT_ID',
        slack.oauth?.clientId,
        false,
        'Add to Slack: installs in many workspaces (OAuth)',
      ),
      setting(
        'SLACK_CLIENT_SECRET',
        slack.oauth?.clientSecret,
        false,
        "Add to Slack: the app's Client Secret",
      ),
      setting(
        'PARLEY_SECRETS_KEY',
        slack.oauth?.secretsKey,
        false,
        "Add to Slack: encrypts the workspaces' tokens at rest (32 bytes, base64)",
      ),
      setting('SLACK_APP_TOKEN', slack.appToken, false, 'xapp-…: Socket Mode instead of HTTP'),
      setting(
        'PARLEY_SLACK_APP_ID',
        slack.parleyAppId,
        false,
        'The Parley app that answers (default: the demo app)',
      ),
    ],
  } satisfies ChannelFacts;
}

function teamsStatus(teams: TeamsSettings, defaultAppId: string | null, activity?: PlatformActivity) {
  const mode = !teams.enabled ? null : teams.appId ? 'http' : 'unauthenticated';
  return {
    platform: 'teams',
    name: 'Microsoft Teams',
    enabled: teams.enabled,
    mode,
    endpoint: teams.enabled ? teamsEndpoint : null,
    app_id: teams.enabled ? (teams.parleyAppId ?? defaultAppId) : null,
    last_event_at: activity?.lastEventAt('teams') ?? null,
    manifest_url: '/v1/channels/teams/app-package',
    manifest_ready: teams.appId !== undefined,
    settings: [
      setting('MICROSOFT_APP_ID', teams.appId, true, "The Azure Bot's Microsoft App ID"),
      setting('MICROSOFT_APP_PASSWORD', teams.appPassword, true, 'Its client secret'),
      setting('MICROSOFT_APP_TENANT_ID', teams.tenantId, false, 'The tenant, for a single-tenant bot'),
      setting(
        'PARLEY_TEAMS_APP_ID',
        teams.parleyAppId,
        false,
        'The Parley app that answers (default: the demo app)',
      ),
    ],
  } satisfies ChannelFacts;
}

/** The platforms as configured at start, with their last events as they come. */
export function channelSource(
  settings: { slack: SlackSettings; teams: TeamsSettings },
  options: { defaultAppId: string | null; activity?: PlatformActivity },
): ChannelSource {
  return {
    statuses: () => [
      slackStatus(settings.slack, options.defaultAppId, options.activity),
      teamsStatus(settings.teams, options.defaultAppId, options.activity),
    ],
    teamsAppId: settings.teams.appId,
    slackWorkspaces: {
      installUrl: settings.slack.oauth ? '/slack/install' : null,
      defaultAppId: settings.slack.parleyAppId ?? options.defaultAppId,
    },
  };
}

/** No platform configured (a server made without a configuration, as in tests). */
export const noChannels: ChannelSource = channelSource(
  {
    slack: {
      signingSecret: undefined,
      botToken: undefined,
      appToken: undefined,
      apiUrl: undefined,
      parleyAppId: undefined,
      updateIntervalMs: 1_000,
      oauth: null,
    },
    teams: {
      enabled: false,
      appId: undefined,
      appPassword: undefined,
      tenantId: undefined,
      openIdMetadataUrl: undefined,
      parleyAppId: undefined,
    },
  },
  { defaultAppId: null },
);
