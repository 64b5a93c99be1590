import type { Page } from '../store/store.js';

/** The contract's list shape. */
export interface ListResponse<T> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

export interface ListParameters {
  limit: number;
  cursor?: string | null;
}

export function toListResponse<Source, Target>(
  page: Page<Source>,
  present: (item: Source) => Target,
): ListResponse<Target> {
  return { data: page.items.map(present), has_more: page.nextCursor !== null, next_cursor: page.nextCursor };
}
