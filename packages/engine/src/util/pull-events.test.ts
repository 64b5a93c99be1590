import { describe, expect, it } from 'vitest';
import { pullEvents } from './pull-events.js';

async function drain<E, R>(pulled: AsyncGenerator<E, R>) {
  const events: E[] = [];
  let step = await pulled.next();
  while (!step.done) {
    events.push(step.value);
    step = await pulled.next();
  }
  return { events, result: step.value };
}

describe('pullEvents', () => {
  it('yields what was heard in order, then returns the result', async () => {
    const pulled = pullEvents<string, number>(async (listener) => {
      listener('a');
      await new Promise((resolve) => setTimeout(resolve, 1));
      listener('b');
      listener('c');
      return 3;
    });
    expect(await drain(pulled)).toEqual({ events: ['a', 'b', 'c'], result: 3 });
  });

  it('yields what was heard before a failure, then throws it', async () => {
    const heard: string[] = [];
    const pulled = pullEvents<string, number>(async (listener) => {
      listener('partial');
      throw new Error('failed');
    });
    await expect(
      (async () => {
        for await (const event of pulled) heard.push(event);
      })(),
    ).rejects.toThrow('failed');
    expect(heard).toEqual(['partial']);
  });
});
