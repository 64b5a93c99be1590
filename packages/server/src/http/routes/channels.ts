import type { SlackWorkspace } from '@parley/contract';
import * as schemas from '@parley/contract/schemas';
import { type ChannelInstallationRecord, type Engine, ParleyError } from '@parley/engine';
import type { Request } from 'express';
import type { ChannelSource } from '../../platforms/channel-status.js';
import { sendDownload } from '../downloads/send-download.js';
import { alreadyAnswered, defineRoute } from './define-route.js';

const tag = 'Channels';

/** Where the platforms reach this server: `PARLEY_PUBLIC_URL`, else the address the request came to. */
function publicUrlOf(request: Request): string {
  return request.app.locals.publicUrl ?? `${request.protocol}://${request.get('host')}`;
}

export const channelRoutes = [
  defineRoute({
    method: 'get',
    path: '/v1/channels',
    operationId: 'listChannels',
    summary: 'Slack and Teams: on or off, which app answers, the last event, the settings',
    description:
      'A platform is turned on and given its app by environment variables read at start (`settings` lists ' +
      'them and whether each is set, never their values). `last_event_at` counts since the server started.',
    tag,
    access: 'secret',
    response: schemas.channelList,
    handle: async ({ engine, services }) => {
      const statuses = services.channels.statuses();
      const data = await Promise.all(
        statuses.map(async (status) => ({
          ...status,
          app_name: status.app_id
            ? await engine.apps.get(status.app_id).then(
                (app) => app.name,
                () => null,
              )
            : null,
        })),
      );
      return { data };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/channels/slack/workspaces',
    operationId: 'listSlackWorkspaces',
    summary: 'The Slack workspaces the app was added to, and the app answering in each',
    description:
      'Workspaces installed through "Add to Slack" (`/slack/install`, on with `SLACK_CLIENT_ID`); an uninstall ' +
      'removes one. Their tokens are kept encrypted and never shown.',
    tag,
    access: 'secret',
    response: schemas.slackWorkspaceList,
    handle: async ({ engine, services }) => {
      const installations = await engine.channelInstallations.list('slack');
      const data = await Promise.all(
        installations.map((installation) => presentWorkspace(engine, services.channels, installation)),
      );
      return { data, install_url: services.channels.slackWorkspaces.installUrl };
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/v1/channels/slack/workspaces/:team_id',
    operationId: 'updateSlackWorkspace',
    summary: 'Choose the Parley app that answers in a Slack workspace',
    description:
      "From the next message on, the workspace is answered by `app_id`'s agents (null: the default app). " +
      'A conversation begun with another app goes on in a new session. 404 for a workspace not installed or an unknown app.',
    tag,
    access: 'secret',
    params: schemas.slackWorkspacePath,
    body: schemas.updateSlackWorkspaceBody,
    response: schemas.slackWorkspace,
    handle: async ({ engine, services, params, body }) => {
      const installation = await engine.channelInstallations.assignApp('slack', params.team_id, body.app_id);
      return presentWorkspace(engine, services.channels, installation);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/channels/slack/manifest',
    operationId: 'getSlackManifest',
    summary: 'Download the Slack app manifest for this server',
    description:
      "The manifest to paste at api.slack.com/apps (*Create New App* → *From a manifest*), its request URLs on this server's public URL (`PARLEY_PUBLIC_URL`, else the address asked).",
    tag,
    access: 'secret',
    produces: {
      contentType: 'application/json',
      description: 'The manifest, as an attachment',
      schemaType: 'object',
    },
    handle: async ({ request, response }) => {
      const { slackAppManifest } = await import('@parley/connector-slack');
      sendDownload(
        response,
        'application/json; charset=utf-8',
        'slack-app-manifest.json',
        slackAppManifest(publicUrlOf(request)),
      );
      return alreadyAnswered;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/channels/teams/app-package',
    operationId: 'getTeamsAppPackage',
    summary: 'Download the Teams app package for this server',
    description:
      "The zip to upload in Teams (*Apps* → *Manage your apps* → *Upload an app*): the manifest with the bot's " +
      "`MICROSOFT_APP_ID` and this server's host, and its two icons. 400 while `MICROSOFT_APP_ID` is not set.",
    tag,
    access: 'secret',
    produces: { contentType: 'application/zip', description: 'The app package' },
    handle: async ({ services, request, response }) => {
      const appId = services.channels.teamsAppId;
      if (!appId) {
        throw new ParleyError(
          'invalid_request',
          'Set MICROSOFT_APP_ID and restart to make the Teams app package',
          {
            field: 'MICROSOFT_APP_ID',
            problem: 'not set',
          },
        );
      }
      const { teamsAppPackage } = await import('@parley/connector-teams');
      const zip = teamsAppPackage({ appId, publicUrl: publicUrlOf(request) });
      sendDownload(response, 'application/zip', 'parley-teams-app.zip', zip);
      return alreadyAnswered;
    },
  }),
];

async function presentWorkspace(
  engine: Engine,
  channels: ChannelSource,
  installation: ChannelInstallationRecord,
): Promise<SlackWorkspace> {
  const answering = installation.app_id ?? channels.slackWorkspaces.defaultAppId ?? '';
  return {
    team_id: installation.workspace_id,
    team_name: installation.workspace_name,
    app_id: installation.app_id,
    answering_app_id: answering,
    answering_app_name: await engine.apps.get(answering).then(
      (app) => app.name,
      () => null,
    ),
    installed_at: installation.installed_at,
    updated_at: installation.updated_at,
  };
}
