import { threadStorageKey } from '../conversation/thread-storage-key.js';
import type { ParleyMessageDetail } from '../events/parley-events.js';
import { launcherStrings } from '../strings/strings.js';
import { applyAccent } from './accent-text.js';
import { ParleyLauncher } from './launcher.js';
import type { WidgetOptions } from './script-options.js';

/** `window.Parley`: the host page's handle on the widget, usable before the chat has loaded. */
export interface ParleyApi {
  readonly version: string;
  open(): void;
  close(): void;
  toggle(): void;
  /** Opens the chat and sends this message as the user. */
  send(text: string): void;
  /** Adds to the session metadata (merged into the session on the next message). */
  setMetadata(metadata: Record<string, unknown>): void;
  /** Forgets the conversation, here and in storage (the user logged out). */
  reset(): void;
}

declare global {
  interface Window {
    Parley?: ParleyApi;
  }
}

/** What the loader needs of `<parley-chat>` (the loader does not import the component). */
interface ChatElement extends HTMLElement {
  open: boolean;
  /** The texts in use (the chat's language's, with the host's): the launcher takes them once the chat has opened. */
  readonly text: Record<string, string>;
  send(text: string): void;
  reset(): void;
  setMetadata(metadata: Record<string, unknown>): void;
}

function whenBodyReady(run: () => void): void {
  if (document.body) run();
  else document.addEventListener('DOMContentLoaded', run, { once: true });
}

function createChat(options: WidgetOptions): ChatElement {
  const chat = document.createElement('parley-chat') as ChatElement;
  Object.assign(chat, {
    app: options.app,
    key: options.key,
    agent: options.agent,
    token: options.token,
    server: options.base,
    metadata: options.metadata,
    userId: options.userId,
    userHash: options.userHash,
    strings: options.strings,
    theme: options.theme,
    position: options.position,
    chatTitle: options.title,
    subtitle: options.subtitle,
    avatar: options.avatar,
  });
  if (options.lang) chat.lang = options.lang;
  if (options.dir) chat.dir = options.dir;
  applyAccent(chat, options.accent, options.accentText);
  return chat;
}

/**
 * Draws the launcher and returns the host API. The component module is
 * imported from beside the loader on the first `open()` (or `send()`); calls
 * made before it arrives wait for it, in order.
 */
export function createParley(options: WidgetOptions, version: string): ParleyApi {
  let chat: ChatElement | null = null;
  let loading: Promise<ChatElement> | null = null;
  let launcher: ParleyLauncher | null = null;

  if (options.launcher) {
    if (!customElements.get('parley-launcher')) customElements.define('parley-launcher', ParleyLauncher);
    launcher = document.createElement('parley-launcher') as ParleyLauncher;
    launcher.strings = { ...launcherStrings, ...options.strings };
    launcher.setAttribute('position', options.position);
    if (options.lang) launcher.lang = options.lang;
    applyAccent(launcher, options.accent, options.accentText);
    launcher.addEventListener('click', () => api.toggle());
    const shown = launcher;
    whenBodyReady(() => document.body.append(shown));
  }

  const load = (): Promise<ChatElement> => {
    loading ??= import(/* @vite-ignore */ new URL('widget/parley-chat.js', options.base).href).then(
      () =>
        new Promise<ChatElement>((resolve) => {
          whenBodyReady(() => {
            const element = createChat(options);
            element.addEventListener('parley:open', () => {
              if (!launcher) return;
              launcher.strings = element.text;
              // The chat's language, also when it was taken from the browser's.
              if (element.lang) launcher.lang = element.lang;
              launcher.setExpanded(true);
            });
            element.addEventListener('parley:close', () => {
              launcher?.setExpanded(false);
              launcher?.focus();
            });
            element.addEventListener('parley:message', (event: CustomEvent<ParleyMessageDetail>) => {
              if (!element.open && event.detail.role !== 'user') launcher?.addUnread();
            });
            document.body.append(element);
            chat = element;
            resolve(element);
          });
        }),
    );
    loading.catch((error: unknown) => {
      loading = null;
      console.error('Parley: the chat could not be loaded', error);
    });
    return loading;
  };

  /** Runs after everything asked before, once the chat exists; `needsChat` loads it. */
  const later = (needsChat: boolean, act: (element: ChatElement) => void): boolean => {
    if (!loading && !needsChat) return false;
    void load().then(act, () => {});
    return true;
  };

  const api: ParleyApi = {
    version,
    open() {
      later(true, (element) => {
        element.open = true;
      });
    },
    close() {
      later(false, (element) => {
        element.open = false;
      });
    },
    toggle() {
      if (chat?.open) api.close();
      else api.open();
    },
    send(text) {
      later(true, (element) => {
        element.open = true;
        element.send(String(text));
      });
    },
    setMetadata(metadata) {
      Object.assign(options.metadata, metadata);
      later(false, (element) => element.setMetadata(metadata));
    },
    reset() {
      if (later(false, (element) => element.reset())) return;
      try {
        localStorage.removeItem(threadStorageKey(options.agent || options.app));
      } catch {
        // Nothing was stored.
      }
    },
  };
  return api;
}
