import type { EngineContext } from '../context.js';
import type { WriteOperation } from '../store/store.js';

/** Writes a batch; when it holds webhook deliveries, tells the dispatcher there is work. */
export async function commit(context: EngineContext, operations: WriteOperation[]): Promise<void> {
  await context.store.write(operations);
  const deliveries = operations.filter(
    (operation) => operation.type === 'put' && operation.collection === 'deliveries',
  );
  if (deliveries.length > 0) context.bus.publish('outbox', { count: deliveries.length });
}
