import { InProcessEventBus } from '../bus/in-process-event-bus.js';
import { type CoordinationNode, runCoordinationContract } from '../testing/index.js';
import { systemClock } from '../util/clock.js';
import { KeyedMutex } from '../util/keyed-mutex.js';
import { InProcessDedupe } from './dedupe.js';
import { InProcessLiveTurnLog } from './live-turn-log.js';

// The embedded defaults: one node, so both "nodes" are the same one.
runCoordinationContract('in-process', {
  async open({ retentionMs, maxEventsPerTurn }) {
    const node: CoordinationNode = {
      bus: new InProcessEventBus(),
      locks: new KeyedMutex(),
      liveTurns: new InProcessLiveTurnLog(systemClock, { retentionMs, maxEventsPerTurn }),
      dedupe: new InProcessDedupe(),
    };
    return [node, node];
  },
  async close() {},
});
