import type { Installation } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { createInstallationStore } from './installation-store.js';

const installation = {
  team: { id: 'T1', name: 'Alpha' },
  enterprise: undefined,
  user: { id: 'U0ADMIN', token: undefined, scopes: undefined },
  bot: { id: 'B1', userId: 'U0BOT', token: 'xoxb-alpha', scopes: ['chat:write'] },
  isEnterpriseInstall: false,
  authVersion: 'v2',
} as Installation<'v2', false>;

describe('the installation store', () => {
  it('keeps one install per workspace in the vault, finds it for events and forgets it', async () => {
    const vault = new Map<string, { name: string | null; text: string }>();
    const store = createInstallationStore({
      save: async (id, name, text) => void vault.set(id, { name, text }),
      load: async (id) => vault.get(id)?.text,
      remove: async (id) => void vault.delete(id),
    });
    await store.storeInstallation(installation);
    expect(vault.get('T1')?.name).toBe('Alpha');
    const query = { teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false } as const;
    expect((await store.fetchInstallation(query)).bot?.token).toBe('xoxb-alpha');
    await expect(store.fetchInstallation({ ...query, teamId: 'T2' })).rejects.toThrow(/no installation/);
    await store.deleteInstallation(query);
    expect(vault.size).toBe(0);
    await expect(store.fetchInstallation(query)).rejects.toThrow(/no installation/);
  });
});
