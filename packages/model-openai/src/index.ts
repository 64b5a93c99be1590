export { mapOpenAiError } from './map-openai-error.js';
export { mapOpenAiFinishReason, type OpenAiFinishReason } from './map-openai-finish-reason.js';
export { OpenAiChatModel, type OpenAiChatModelOptions } from './openai-chat-model.js';
export { OpenAiEmbeddingModel, type OpenAiEmbeddingModelOptions } from './openai-embedding-model.js';
