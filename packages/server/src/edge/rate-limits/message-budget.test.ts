import { describe, expect, it } from 'vitest';
import { MessageBudget } from './message-budget.js';

describe('MessageBudget', () => {
  it('lets a burst through, refuses the next, and refills with time', () => {
    let now = 0;
    const budget = new MessageBudget(3, 1_000, () => now);
    budget.spend();
    budget.spend();
    budget.spend();
    expect(() => budget.spend()).toThrow(expect.objectContaining({ code: 'rate_limited' }));
    now = 1_000;
    budget.spend();
    expect(() => budget.spend()).toThrow(expect.objectContaining({ code: 'rate_limited' }));
    now = 10_000;
    for (let index = 0; index < 3; index += 1) budget.spend();
    expect(() => budget.spend()).toThrow(expect.objectContaining({ code: 'rate_limited' }));
  });
});
