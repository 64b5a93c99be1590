import { expect, it } from 'vitest';
import { type CoordinationNode, eventually } from './harness.js';

/** Dedupe: seen once on any node, until it expires. */
export function dedupeCases(nodes: () => [CoordinationNode, CoordinationNode]): void {
  it('dedupe: a key is first seen once across nodes; other keys are apart', async () => {
    const [first, second] = nodes();
    const answers = await Promise.all([
      first.dedupe.firstSeen('delivery:1', 60_000),
      second.dedupe.firstSeen('delivery:1', 60_000),
      first.dedupe.firstSeen('delivery:1', 60_000),
    ]);
    expect(answers.filter(Boolean)).toHaveLength(1);
    expect(await second.dedupe.firstSeen('delivery:2', 60_000)).toBe(true);
  });

  it('dedupe: a key is seen afresh once it expired', async () => {
    const [first, second] = nodes();
    expect(await first.dedupe.firstSeen('request:short', 50)).toBe(true);
    await eventually(async () => expect(await second.dedupe.firstSeen('request:short', 50)).toBe(true));
  });
}
