import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ModelSource } from './chat-model.js';
import { readSourcesBlock, writeSourcesBlock } from './sources-block.js';

const policy: ModelSource = {
  number: 1,
  document_name: 'policy.pdf',
  page_number: 3,
  text: 'Laptops can be returned within 45 days of delivery.',
};
const shipping: ModelSource = {
  number: 2,
  document_name: 'shipping "fast".pdf',
  page_number: 12,
  text: 'Orders ship in 2 days.\n\nExpress: next day.',
};

describe('the sources block of the system message', () => {
  it('is written as the models have always read it', () => {
    expect(writeSourcesBlock([policy, shipping])).toBe(
      'Answer from the sources below. After each statement, cite the source it comes from as [n]. ' +
        'If the sources do not contain the answer, say so instead of guessing.\n\nSources:\n' +
        '[1] "policy.pdf", page 3:\nLaptops can be returned within 45 days of delivery.\n\n' +
        '[2] "shipping "fast".pdf", page 12:\nOrders ship in 2 days.\n\nExpress: next day.',
    );
    expect(writeSourcesBlock([])).toBe(
      'No passage of the knowledge base matches this question. Say you could not find it; do not invent an answer.',
    );
  });

  it('is read back from the end of a system message, after the agent’s own prompt', () => {
    const system = `You are the shop's assistant.\n\n${writeSourcesBlock([policy, shipping])}`;
    expect(readSourcesBlock(system)).toEqual([policy, shipping]);
    expect(readSourcesBlock(`Be brief.\n\n${writeSourcesBlock([])}`)).toEqual([]);
    expect(readSourcesBlock("You are the shop's assistant.")).toBeNull();
  });

  it('reads back whatever it wrote, names and passages of any text', () => {
    const source = fc.record({
      document_name: fc.string(),
      page_number: fc.nat({ max: 10_000 }),
      text: fc.string(),
    });
    fc.assert(
      fc.property(fc.string(), fc.array(source, { minLength: 1, maxLength: 5 }), (prompt, found) => {
        const sources = found.map((item, index) => ({ number: index + 1, ...item }));
        const system = [prompt, writeSourcesBlock(sources)].filter(Boolean).join('\n\n');
        expect(readSourcesBlock(system)).toEqual(sources);
      }),
    );
  });
});
