import { type Engine, ParleyError } from '@parley/engine';

/**
 * The demo's `get_order_status` HTTP tool, calling the demo shop's own order API on this server
 * (`orders.ts`), given again when the server's address changed.
 */
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
