import ChatPanel from './chat-panel.component.js';

export * from './chat-panel.component.js';
export default ChatPanel;

// A page may load the widget twice (two script tags, a tag manager): define once.
if (!customElements.get('parley-chat')) customElements.define('parley-chat', ChatPanel);

declare global {
  interface HTMLElementTagNameMap {
    'parley-chat': ChatPanel;
  }
}
