import { yieldToEventLoop } from '../util/event-loop-slices.js';
import type { CollectionName, Collections, Page, Store, Where } from './store.js';

const pageSize = 1_000;

/**
 * Hands every matching record to `visit`, oldest first, a page at a time, letting
 * other work run between pages (so a large collection does not hold up the event
 * loop); `visit` answering false stops the walk. Records written meanwhile may be seen in their new version or not at all
 * (a caller that must not miss them also watches the writes). If the record a page
 * ended on is deleted meanwhile, the walk starts over: `visit` must not mind
 * seeing a record twice.
 */
export async function forEachPage<C extends CollectionName>(
  store: Store,
  collection: C,
  where: Where<C> | undefined,
  visit: (records: Collections[C][]) => undefined | boolean | Promise<undefined | boolean>,
): Promise<void> {
  let cursor: string | null = null;
  for (;;) {
    let page: Page<Collections[C]>;
    try {
      page = await store.list(collection, { where, limit: pageSize, cursor, order: 'asc' });
    } catch (error) {
      if (cursor === null || (await store.get(collection, cursor))) throw error;
      cursor = null;
      continue;
    }
    if ((await visit(page.items)) === false) return;
    if (page.nextCursor === null) return;
    cursor = page.nextCursor;
    await yieldToEventLoop();
  }
}
