import type { Engine } from '@parley/engine';
import type { Logger } from '../logger.js';

/**
 * An app's (or agent's) `slack_support_channel`: a channel id (`C0123ABCDEF`), or the workspace
 * and the channel (`T0123ABCD/C0123ABCDEF`) when several workspaces could be meant.
 */
export interface SupportChannel {
  /** The workspace (team id) named before the slash; null when only the channel is given. */
  workspace: string | null;
  channel: string;
}

export function parseSupportChannel(value: string): SupportChannel {
  const slash = value.indexOf('/');
  return slash === -1
    ? { workspace: null, channel: value }
    : { workspace: value.slice(0, slash), channel: value.slice(slash + 1) };
}

interface SupportOwner {
  id: string;
  kind?: 'app' | 'agent';
  slack_support_channel: string | null;
}

/**
 * Many workspaces (Add to Slack): which one an escalation's thread is opened in, with its token.
 * - `T…/C…` names it: that workspace, when it is installed (whatever app it chose).
 * - `C…` alone: the one workspace that chose the app (the default app's, in those that chose none);
 *   for a share-page agent, the only installed workspace. When several fit, nothing is guessed:
 *   the escalation opens no thread until the workspace is named.
 * Null when none fits; why is logged once per owner and setting.
 */
export function supportWorkspaces(engine: Engine, defaultAppId: string, logger: Logger) {
  const told = new Set<string>();
  const tell = (owner: SupportOwner, why: string) => {
    const key = `${owner.id}\n${owner.slack_support_channel ?? ''}`;
    if (told.has(key)) return;
    told.add(key);
    const whose = owner.kind === 'agent' ? 'agent' : 'app';
    logger.warn(`Slack: the support channel of ${whose} ${owner.id} is not used: ${why}`);
  };
  return async (owner: SupportOwner): Promise<string | null> => {
    const installations = await engine.channelInstallations.list('slack');
    const { workspace, channel } = parseSupportChannel(owner.slack_support_channel ?? '');
    if (workspace !== null) {
      if (installations.some((installation) => installation.workspace_id === workspace)) return workspace;
      tell(owner, `the workspace ${workspace} it names has not added the Slack app`);
      return null;
    }
    const fits =
      owner.kind === 'agent'
        ? installations
        : installations.filter((installation) => (installation.app_id ?? defaultAppId) === owner.id);
    if (fits.length === 1 && fits[0]) return fits[0].workspace_id;
    const named = `name the workspace, e.g. ${fits[0]?.workspace_id ?? 'T0123ABCD'}/${channel || 'C0123ABCDEF'}`;
    tell(
      owner,
      owner.kind === 'agent'
        ? installations.length === 0
          ? 'no workspace has added the Slack app'
          : `${installations.length} workspaces added the Slack app: ${named}`
        : fits.length === 0
          ? 'no installed workspace has chosen the app'
          : `${fits.length} workspaces chose the app (${fits.map((fit) => fit.workspace_id).join(', ')}): ${named}`,
    );
    return null;
  };
}
