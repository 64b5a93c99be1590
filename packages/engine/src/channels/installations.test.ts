import { describe, expect, it } from 'vitest';
import { createTestApp, createTestEngine } from '../testing/index.js';

const install = {
  platform: 'slack',
  workspace_id: 'T1',
  workspace_name: 'Alpha',
  sealed_credentials: 'v1.sealed',
};

describe('channel installations', () => {
  it('keeps the app chosen for a workspace when it installs again, and forgets it on removal', async () => {
    const { engine } = createTestEngine();
    const app = await createTestApp(engine);
    await engine.channelInstallations.save(install);
    await engine.channelInstallations.assignApp('slack', 'T1', app.appId);
    const again = await engine.channelInstallations.save({ ...install, sealed_credentials: 'v1.newer' });
    expect(again).toMatchObject({ app_id: app.appId, sealed_credentials: 'v1.newer' });
    expect((await engine.channelInstallations.list('slack')).map((each) => each.workspace_id)).toEqual([
      'T1',
    ]);
    expect(await engine.channelInstallations.list('teams')).toEqual([]);
    expect(await engine.channelInstallations.remove('slack', 'T1')).toBe(true);
    expect(await engine.channelInstallations.remove('slack', 'T1')).toBe(false);
    expect(await engine.channelInstallations.get('slack', 'T1')).toBeUndefined();
  });

  it('gives a workspace back to the default app when its app is deleted', async () => {
    const { engine } = createTestEngine();
    const app = await createTestApp(engine);
    await engine.channelInstallations.save(install);
    await engine.channelInstallations.assignApp('slack', 'T1', app.appId);
    await engine.apps.delete(app.appId);
    expect((await engine.channelInstallations.get('slack', 'T1'))?.app_id).toBeNull();
  });

  it('refuses an unknown workspace or app', async () => {
    const { engine } = createTestEngine();
    await engine.channelInstallations.save(install);
    await expect(engine.channelInstallations.assignApp('slack', 'T2', null)).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(engine.channelInstallations.assignApp('slack', 'T1', 'app_missing')).rejects.toMatchObject({
      code: 'not_found',
    });
    expect((await engine.channelInstallations.assignApp('slack', 'T1', null)).app_id).toBeNull();
  });
});
