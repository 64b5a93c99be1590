import { type EmbeddingCallOptions, type EmbeddingModel, ModelProviderError } from '@parley/engine';
import OpenAI from 'openai';
import { mapOpenAiError } from './map-openai-error.js';

export interface OpenAiEmbeddingModelOptions {
  /** Local OpenAI-compatible servers need none. */
  apiKey?: string;
  /** E.g. `http://localhost:11434/v1`; defaults to OpenAI's. */
  baseUrl?: string;
  /** E.g. `text-embedding-3-small`. */
  model: string;
  timeoutMs?: number;
  /** The SDK's own retries; defaults to 0. */
  maxRetries?: number;
  /** Texts per request; defaults to 64. */
  batchSize?: number;
}

/** An `EmbeddingModel` over any OpenAI-compatible Embeddings endpoint, through the official SDK. */
export class OpenAiEmbeddingModel implements EmbeddingModel {
  readonly name: string;
  private readonly client: OpenAI;
  private readonly model: string;
  private readonly batchSize: number;

  constructor(options: OpenAiEmbeddingModelOptions) {
    this.model = options.model;
    this.name = `openai:${options.model}`;
    this.batchSize = Math.max(1, options.batchSize ?? 64);
    this.client = new OpenAI({
      apiKey: options.apiKey ?? 'not-needed',
      baseURL: options.baseUrl,
      timeout: options.timeoutMs,
      maxRetries: options.maxRetries ?? 0,
    });
  }

  /** One vector per text, in order, in requests of at most `batchSize` texts; failures are `ModelProviderError`. */
  async embed(texts: string[], options: EmbeddingCallOptions = {}): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      vectors.push(...(await this.embedBatch(texts.slice(start, start + this.batchSize), options.signal)));
    }
    return vectors;
  }

  private async embedBatch(batch: string[], signal: AbortSignal | undefined): Promise<number[][]> {
    try {
      // Floats, not the SDK's default base64: some OpenAI-compatible servers only speak floats.
      const response = await this.client.embeddings.create(
        { model: this.model, input: batch, encoding_format: 'float' },
        { signal },
      );
      const data = [...response.data].sort((left, right) => left.index - right.index);
      if (data.length !== batch.length) {
        throw new ModelProviderError(
          `The model provider answered ${data.length} embeddings for ${batch.length} texts`,
          null,
        );
      }
      return data.map((item) => item.embedding);
    } catch (error) {
      throw mapOpenAiError(error, signal);
    }
  }
}
