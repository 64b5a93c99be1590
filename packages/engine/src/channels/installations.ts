import type { EngineContext } from '../context.js';
import { notFound } from '../errors.js';
import { getAppRecord } from '../services/apps.js';
import { put, remove } from '../store/store.js';
import type { ChannelInstallationRecord } from '../types.js';
import { toIso } from '../util/clock.js';

/** What a connector's OAuth install keeps of a workspace: its name and the sealed credentials. */
export interface InstallationInput {
  platform: string;
  workspace_id: string;
  workspace_name: string | null;
  sealed_credentials: string;
}

/**
 * The workspaces a platform is installed in (`channel_installations`): saved by the connector's
 * install flow, removed on uninstall, and given the Parley app that answers there. The credentials
 * arrive sealed: the engine keeps them and hands them back, never reads them.
 */
export interface ChannelInstallations {
  list(platform: string): Promise<ChannelInstallationRecord[]>;
  get(platform: string, workspaceId: string): Promise<ChannelInstallationRecord | undefined>;
  /** Saves an install (a new one, or a reinstall: the app chosen before is kept). */
  save(input: InstallationInput): Promise<ChannelInstallationRecord>;
  /** Forgets a workspace (uninstalled, tokens revoked); true when it was installed. */
  remove(platform: string, workspaceId: string): Promise<boolean>;
  /** The app that answers in the workspace (null: the platform's default); 404 for an unknown workspace or app. */
  assignApp(platform: string, workspaceId: string, appId: string | null): Promise<ChannelInstallationRecord>;
}

const idOf = (platform: string, workspaceId: string) => `${platform}:${workspaceId}`;

export function createChannelInstallations(context: EngineContext): ChannelInstallations {
  const { store } = context;
  const now = () => toIso(context.clock.now());
  const get = (platform: string, workspaceId: string) =>
    store.get('channel_installations', idOf(platform, workspaceId));
  return {
    list: (platform) => store.all('channel_installations', { platform }),
    get,
    async save(input) {
      const existing = await get(input.platform, input.workspace_id);
      const at = now();
      const record: ChannelInstallationRecord = {
        id: idOf(input.platform, input.workspace_id),
        platform: input.platform,
        workspace_id: input.workspace_id,
        workspace_name: input.workspace_name,
        app_id: existing?.app_id ?? null,
        sealed_credentials: input.sealed_credentials,
        installed_at: existing?.installed_at ?? at,
        updated_at: at,
      };
      await store.write([put('channel_installations', record)]);
      return record;
    },
    async remove(platform, workspaceId) {
      if (!(await get(platform, workspaceId))) return false;
      await store.write([remove('channel_installations', idOf(platform, workspaceId))]);
      return true;
    },
    async assignApp(platform, workspaceId, appId) {
      const existing = await get(platform, workspaceId);
      if (!existing) throw notFound('Workspace', 'team_id', workspaceId);
      if (appId !== null) await getAppRecord(context, appId);
      const record = { ...existing, app_id: appId, updated_at: now() };
      await store.write([put('channel_installations', record)]);
      return record;
    },
  };
}
