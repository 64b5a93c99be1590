import type { ChatModel, EmbeddingModel } from '@parley/engine';
import { OfflineModel } from '@parley/model-offline';
import type { ServerConfig } from './config.js';

/**
 * The OpenAI-compatible model when a key or a base URL is configured (a local
 * server needs no key); otherwise the offline model, so Parley answers with no account.
 * The OpenAI SDK is loaded only when it is used (a few hundred milliseconds of every start otherwise).
 */
export async function chooseModel(config: ServerConfig): Promise<ChatModel> {
  if (config.openAiApiKey || config.openAiBaseUrl) {
    const { OpenAiChatModel } = await import('@parley/model-openai');
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
export async function chooseEmbeddingModel(config: ServerConfig): Promise<EmbeddingModel | undefined> {
  if (!config.embeddingsModel || !(config.openAiApiKey || config.openAiBaseUrl)) return undefined;
  const { OpenAiEmbeddingModel } = await import('@parley/model-openai');
  return new OpenAiEmbeddingModel({
    apiKey: config.openAiApiKey,
    baseUrl: config.openAiBaseUrl,
    model: config.embeddingsModel,
    timeoutMs: 60_000,
  });
}
