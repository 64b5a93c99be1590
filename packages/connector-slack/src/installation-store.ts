import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';

/**
 * Where the installs are kept, as the server gives it: one entry per workspace, its installation
 * (the bot token inside) as text the vault encrypts before it reaches the store.
 */
export interface InstallationVault {
  save(workspaceId: string, workspaceName: string | null, installation: string): Promise<void>;
  load(workspaceId: string): Promise<string | undefined>;
  remove(workspaceId: string): Promise<void>;
}

/** The workspace an install or a query is about: the team, or the organization for an org-wide install. */
export function workspaceIdOf(query: {
  isEnterpriseInstall?: boolean;
  enterpriseId?: string | undefined;
  teamId?: string | undefined;
}): string | undefined {
  return query.isEnterpriseInstall ? query.enterpriseId : query.teamId;
}

/**
 * Bolt's `InstallationStore` over Parley's store: `/slack/oauth_redirect` saves an install here,
 * each event's `authorize` finds its workspace's token here, uninstalls delete it.
 */
export function createInstallationStore(vault: InstallationVault): InstallationStore & {
  deleteInstallation(query: InstallationQuery<boolean>): Promise<void>;
} {
  return {
    async storeInstallation(installation) {
      const workspaceId = installation.isEnterpriseInstall
        ? installation.enterprise?.id
        : installation.team?.id;
      if (!workspaceId) throw new Error('Slack: an installation names no team');
      const name =
        (installation.isEnterpriseInstall ? installation.enterprise?.name : installation.team?.name) ?? null;
      await vault.save(workspaceId, name, JSON.stringify(installation));
    },
    async fetchInstallation(query) {
      const workspaceId = workspaceIdOf(query);
      const stored = workspaceId ? await vault.load(workspaceId) : undefined;
      if (!stored) throw new Error(`Slack: no installation for ${workspaceId ?? 'this event'}`);
      return JSON.parse(stored) as Installation<'v2', boolean>;
    },
    async deleteInstallation(query) {
      const workspaceId = workspaceIdOf(query);
      if (workspaceId) await vault.remove(workspaceId);
    },
  };
}
