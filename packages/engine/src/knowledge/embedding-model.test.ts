import { describe, expect, it } from 'vitest';
import { type EmbeddingModel, embedTexts, roundVector } from './embedding-model.js';

function modelAnswering(answer: (texts: string[]) => number[][]): EmbeddingModel {
  return { name: 'test:model', embed: async (texts) => answer(texts) };
}

describe('embedTexts', () => {
  it('rounds vectors to six significant digits', async () => {
    expect(roundVector([0.123456789, -0.000012345678, 1])).toEqual([0.123457, -0.0000123457, 1]);
    const vectors = await embedTexts(
      modelAnswering((texts) => texts.map(() => [0.1234567, 0.5])),
      ['a', 'b'],
    );
    expect(vectors).toEqual([
      [0.123457, 0.5],
      [0.123457, 0.5],
    ]);
  });

  it('answers null for a failure, a wrong count or an unusable vector, and nothing for no texts', async () => {
    const failing: EmbeddingModel = {
      name: 'test:failing',
      embed: async () => {
        throw new Error('down');
      },
    };
    expect(await embedTexts(failing, ['a'])).toBeNull();
    expect(
      await embedTexts(
        modelAnswering(() => [[1]]),
        ['a', 'b'],
      ),
    ).toBeNull();
    expect(
      await embedTexts(
        modelAnswering(() => [[Number.NaN]]),
        ['a'],
      ),
    ).toBeNull();
    expect(
      await embedTexts(
        modelAnswering(() => [[]]),
        ['a'],
      ),
    ).toBeNull();
    expect(await embedTexts(failing, [])).toEqual([]);
  });
});
