/** Where a conversation with an app or agent is kept in `localStorage` (the loader's `reset()` clears it too). */
export function threadStorageKey(id: string): string {
  return `parley:${id}`;
}
