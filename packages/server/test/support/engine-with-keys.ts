import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Engine } from '@parley/engine';
import { OfflineModel } from '@parley/model-offline';
import { LowdbStore } from '@parley/store-lowdb';
import { openDemoRecords } from '../../src/demo/demo-records.js';

/** A real engine on a fresh data folder, with its admin key and a publishable key allowed from `origin`. */
export interface EngineWithKeys {
  engine: Engine;
  adminKey: string;
  widgetKey: string;
  close(): Promise<void>;
}

export async function openEngineWithKeys(folderPrefix: string, origin: string): Promise<EngineWithKeys> {
  const folder = mkdtempSync(path.join(tmpdir(), folderPrefix));
  const store = await LowdbStore.open({ directory: folder });
  const engine = new Engine({ store, model: new OfflineModel() });
  const boot = await engine.bootstrap({});
  const widgetKey = (await openDemoRecords(engine, store, [origin])).publishableKey ?? '';
  return {
    engine,
    adminKey: boot.createdAdminKey ?? '',
    widgetKey,
    async close() {
      await engine.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
