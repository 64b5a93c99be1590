import type { List, ListParams } from './types/common.js';

/**
 * Every item of every page, fetching pages as they are needed:
 * `for await (const app of paginate((page) => client.apps.list(page))) …`
 */
export async function* paginate<T>(
  listPage: (params: ListParams) => Promise<List<T>>,
  params: ListParams = {},
): AsyncGenerator<T, void, undefined> {
  let cursor = params.cursor;
  while (true) {
    const page = await listPage(cursor === undefined ? { ...params } : { ...params, cursor });
    yield* page.data;
    if (!page.has_more || page.next_cursor === null) return;
    cursor = page.next_cursor;
  }
}
