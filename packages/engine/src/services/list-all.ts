import type { EngineContext } from '../context.js';
import type { CollectionName, Collections, Where } from '../store/store.js';

/** Every record of a collection that matches, oldest first. */
export function listAll<C extends CollectionName>(
  context: EngineContext,
  collection: C,
  where?: Where<C>,
): Promise<Collections[C][]> {
  return context.store.all(collection, where);
}
