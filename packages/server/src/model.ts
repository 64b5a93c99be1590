import { type ChatModel, type EmbeddingModel, OfflineModel } from '@parley/engine';
import { OpenAiChatModel, OpenAiEmbeddingModel } from '@parley/model-openai';
import type { ServerConfig } from './config.js';

/**
 * The OpenAI-compatible model when a key or a base URL is configured (a local
 * server needs no key); otherwise the offline model, so Parley answers with no account.
 */
export function chooseModel(config: ServerConfig): ChatModel {
  if (config.openAiApiKey || config.openAiBaseUrl) {
    return new OpenAiChatModel({
      apiKey: config.openAiApiKey,
      baseUrl: config.openAiBaseUrl,
      defaultModel: config.defaultModel,
    });
  }
  return new OfflineModel({ tokenDelayMs: config.offlineTokenDelayMs });
}

/**
 * The embeddings model when `PARLEY_EMBEDDINGS_MODEL` is set along with an OpenAI key or base URL
 * (the same provider as the chat model); otherwise none, and retrieval stays lexical only.
 */
export function chooseEmbeddingModel(config: ServerConfig): EmbeddingModel | undefined {
  if (!config.embeddingsModel || !(config.openAiApiKey || config.openAiBaseUrl)) return undefined;
  return new OpenAiEmbeddingModel({
    apiKey: config.openAiApiKey,
    baseUrl: config.openAiBaseUrl,
    model: config.embeddingsModel,
    timeoutMs: 60_000,
  });
}
