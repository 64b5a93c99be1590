/**
 * The component module (`dist/widget/parley-chat.js`): defines `<parley-chat>`.
 * The loader imports it on first use; a page can also load it directly with
 * `<script type="module" src="{server}/widget/parley-chat.js">` for an inline
 * or full-page chat.
 */
export { default as ChatPanel } from './chat-panel/chat-panel.js';
export type { ParleyEventDetails, ParleyMessageDetail } from './events/parley-events.js';
export { defaultStrings, type ParleyStrings } from './strings/strings.js';
