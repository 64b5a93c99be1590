/**
 * One contract suite for every coordination implementation (in-process now, Redis next), run by
 * each implementation's own tests: `runCoordinationContract('name', harness)`.
 */
import { afterEach, beforeEach, describe } from 'vitest';
import { busCases } from './bus-contract.js';
import { dedupeCases } from './dedupe-contract.js';
import type { CoordinationHarness, CoordinationNode } from './harness.js';
import { liveTurnCases } from './live-turn-contract.js';
import { lockCases } from './locks-contract.js';

export type { CoordinationHarness, CoordinationNode, CoordinationSettings } from './harness.js';
export { eventually } from './harness.js';

const settings = { retentionMs: 300, maxEventsPerTurn: 8 };

/** The behaviour every implementation of the coordination seams must have, seen from two nodes. */
export function runCoordinationContract(name: string, harness: CoordinationHarness): void {
  describe(`Coordination contract: ${name}`, () => {
    let nodes: [CoordinationNode, CoordinationNode];

    beforeEach(async () => {
      nodes = await harness.open(settings);
    });

    afterEach(async () => {
      await harness.close();
    });

    busCases(() => nodes);
    lockCases(() => nodes);
    liveTurnCases(() => nodes, settings.maxEventsPerTurn);
    dedupeCases(() => nodes);
  });
}
