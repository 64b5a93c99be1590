import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Engine, ParleyError } from '@parley/engine';

const contentTypes: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.md': 'text/markdown',
  '.txt': 'text/plain',
  '.html': 'text/html',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** Gives the demo agent a small knowledge base: every file of demo/knowledge, in a datastore connected to it. */
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

/** The demo's `get_order_status` HTTP tool, calling the demo shop's own order API on this server. */
export async function ensureDemoOrderTool(engine: Engine, agentId: string, serverUrl: string): Promise<void> {
  const url = `${serverUrl}/demo/api/orders/{order_id}`;
  const agent = await engine.agents.get(agentId).catch((error: unknown) => {
    // The demo agent deleted through the API: nothing to give the tool to.
    if (error instanceof ParleyError && error.code === 'not_found') return undefined;
    throw error;
  });
  if (!agent) return;
  const others = agent.tools.filter((tool) => tool.name !== 'get_order_status');
  const current = agent.tools.find((tool) => tool.name === 'get_order_status');
  if (current?.url === url) return;
  await engine.agents.update(agentId, {
    tools: [
      ...others,
      {
        type: 'http',
        name: 'get_order_status',
        description: 'Looks up the status of an order of the demo shop by its order number.',
        parameters: {
          type: 'object',
          properties: {
            order_id: {
              type: 'string',
              pattern: '^[0-9]{3,12}$',
              description: 'The order number, digits only',
            },
          },
          required: ['order_id'],
          additionalProperties: false,
        },
        url,
        method: 'GET',
        headers: {},
      },
    ],
  });
}
