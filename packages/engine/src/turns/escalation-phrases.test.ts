import { describe, expect, it } from 'vitest';
import { asksForHuman } from './escalation-phrases.js';

describe('asksForHuman', () => {
  it.each([
    'Can I talk to a human?',
    'I want to speak with a real person',
    'agent please',
    'Human, please!',
    'connect me to an agent',
    'I need a human agent',
    'Please transfer me to someone',
    'operator',
    'Let me chat with a representative',
  ])('hears a request for a person in %j', (text) => {
    expect(asksForHuman(text)).toBe(true);
  });

  it.each([
    'What is your return policy?',
    'Is the agent of this shipment FedEx?',
    'Humans are great',
    'my order number is 12345',
    'the person who delivered it was late',
  ])('does not hear one in %j', (text) => {
    expect(asksForHuman(text)).toBe(false);
  });
});
