import { describe, expect, it } from 'vitest';
import { KeyedMutex } from './keyed-mutex.js';

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

describe('KeyedMutex', () => {
  it('runs tasks of one key one after the other, in call order, even when one fails', async () => {
    const mutex = new KeyedMutex();
    const order: string[] = [];
    const first = mutex.run('a', async () => {
      await pause(30);
      order.push('first');
      throw new Error('boom');
    });
    const second = mutex.run('a', async () => {
      order.push('second');
    });
    await expect(first).rejects.toThrow('boom');
    await second;
    expect(order).toEqual(['first', 'second']);
    expect(mutex.size).toBe(0);
  });

  it('runs different keys side by side', async () => {
    const mutex = new KeyedMutex();
    const order: string[] = [];
    await Promise.all([
      mutex.run('a', async () => {
        await pause(30);
        order.push('a');
      }),
      mutex.run('b', async () => {
        order.push('b');
      }),
    ]);
    expect(order).toEqual(['b', 'a']);
  });
});
