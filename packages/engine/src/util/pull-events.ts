/**
 * Runs `start` with a listener and yields what it hears, in order, as the
 * caller asks for it; returns what `start` resolved to, or throws its error once
 * every event heard before is yielded. A caller reads a push-style call (the turn's
 * `onEvent`) by pulling, so nothing below it calls back up into its code.
 */
export async function* pullEvents<E, R>(
  start: (listener: (event: E) => void) => Promise<R>,
): AsyncGenerator<E, R> {
  const queue: E[] = [];
  let wake: (() => void) | null = null;
  let settled = false;
  const notify = () => {
    const waiting = wake;
    wake = null;
    waiting?.();
  };
  const running = start((event) => {
    queue.push(event);
    notify();
  });
  running.then(
    () => {
      settled = true;
      notify();
    },
    () => {
      settled = true;
      notify();
    },
  );
  for (;;) {
    while (queue.length > 0) yield queue.shift() as E;
    if (settled) return await running;
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  }
}
