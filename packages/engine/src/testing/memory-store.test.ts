import { beforeEach, describe } from 'vitest';
import { MemoryStore } from './memory-store.js';
import { guardCases } from './store-contract-guards.js';

// The memory store keeps nothing across a restart, so it runs the contract's guard cases only.
describe('MemoryStore: conditional writes and leases', () => {
  let store: MemoryStore;
  beforeEach(() => {
    store = new MemoryStore();
  });
  guardCases(() => store);
});
