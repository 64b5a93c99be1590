import { expect, it } from 'vitest';
import { type CoordinationNode, pause } from './harness.js';

/** Locks: one task at a time per key, whichever node runs it. */
export function lockCases(nodes: () => [CoordinationNode, CoordinationNode]): void {
  it('locks: tasks on one key run one at a time across nodes, and each runs', async () => {
    const [first, second] = nodes();
    let inside = 0;
    let mostInside = 0;
    const ran: number[] = [];
    const task = (index: number) => async () => {
      inside++;
      mostInside = Math.max(mostInside, inside);
      await pause(5);
      ran.push(index);
      inside--;
      return index;
    };
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        (index % 2 ? first : second).locks.run('session:one', task(index)),
      ),
    );
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(ran.sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(mostInside).toBe(1);
  });

  it('locks: different keys run side by side', async () => {
    const [first, second] = nodes();
    let openSecond!: () => void;
    const secondStarted = new Promise<void>((resolve) => {
      openSecond = resolve;
    });
    // The first task only ends once the second has started: serialising the keys would never end.
    const waiting = first.locks.run('session:left', async () => {
      await secondStarted;
      return 'left';
    });
    const other = second.locks.run('session:right', async () => {
      openSecond();
      return 'right';
    });
    expect(await Promise.all([waiting, other])).toEqual(['left', 'right']);
  });

  it('locks: a task that throws releases the lock, and its error reaches the caller', async () => {
    const [first, second] = nodes();
    await expect(
      first.locks.run('session:failing', async () => {
        throw new Error('task failed');
      }),
    ).rejects.toThrow('task failed');
    expect(await second.locks.run('session:failing', async () => 'next')).toBe('next');
  });
}
