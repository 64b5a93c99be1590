export { OfflineModel, type OfflineModelOptions, offlineAnswer } from './offline-model.js';
