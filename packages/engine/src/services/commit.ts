import type { EngineContext } from '../context.js';
import type { WriteOperation } from '../store/store.js';

/**
 * Writes a batch; when it holds webhook deliveries, tells the dispatcher which
 * (it learns new work only this way, so every write of deliveries goes through here).
 */
export async function commit(context: EngineContext, operations: WriteOperation[]): Promise<void> {
  await context.store.write(operations);
  const ids: string[] = [];
  for (const operation of operations)
    if (operation.type === 'put' && operation.collection === 'deliveries') ids.push(operation.record.id);
  if (ids.length > 0) context.bus.publish('outbox', { count: ids.length, ids });
}
