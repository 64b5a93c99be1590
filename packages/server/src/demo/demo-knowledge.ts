import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Engine } from '@parley/engine';

const contentTypes: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.md': 'text/markdown',
  '.txt': 'text/plain',
  '.html': 'text/html',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** Gives the demo agent a small knowledge base: every file of `knowledge/` beside this file, in a datastore connected to it. */
export async function loadDemoKnowledge(engine: Engine, directory: string, agentId: string): Promise<string> {
  const datastore = await engine.datastores.create({
    name: 'Acme help center',
    description: 'The demo shop: returns, shipping and warranty',
  });
  for (const name of readdirSync(directory).sort()) {
    const contentType = contentTypes[path.extname(name).toLowerCase()];
    if (!contentType) continue;
    await engine.documents.upload(datastore.id, {
      name,
      bytes: readFileSync(path.join(directory, name)),
      contentType,
    });
  }
  await engine.agents.connectDatastore(agentId, datastore.id);
  return datastore.id;
}
