import { threadStorageKey } from '../conversation/thread-storage-key.js';
import type { ParleyMessageDetail } from '../events/parley-events.js';
import { launcherStrings } from '../strings/launcher-strings.js';
import { applyAccent } from './accent-text.js';
import { ParleyLauncher } from './launcher.js';
import type { WidgetOptions } from './script-options.js';

/** `widget/notify.js`'s one export, its default. */
type WatchReplies = (options: WidgetOptions, launcher: ParleyLauncher | null) => void;

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
  const chat = Object.assign(document.createElement('parley-chat') as ChatElement, options.chat);
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
    launcher.strings = { ...launcherStrings, ...options.chat.strings };
    launcher.setAttribute('position', options.chat.position);
    if (options.lang) launcher.lang = options.lang;
    applyAccent(launcher, options.accent, options.accentText);
    launcher.addEventListener('click', () => api.toggle());
    const shown = launcher;
    whenBodyReady(() => document.body.append(shown));
  }

  /**
   * While a person answers the stored session and the chat is closed, their replies are signalled
   * by `widget/notify.js` (a badge with a preview, the tab's title), loaded only then.
   */
  const watch = (): void => {
    try {
      if (
        !options.chat.agent &&
        JSON.parse(localStorage.getItem(threadStorageKey(options.chat.app)) as string).escalated
      )
        import(/* @vite-ignore */ new URL('widget/notify.js', options.chat.server).href).then(
          (module: { default: WatchReplies }) => module.default(options, launcher),
        );
    } catch {
      // Nothing stored, or no storage: nothing to watch.
    }
  };
  watch();

  const load = (): Promise<ChatElement> => {
    loading ??= import(/* @vite-ignore */ new URL('widget/parley-chat.js', options.chat.server).href).then(
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
              watch();
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
      Object.assign(options.chat.metadata, metadata);
      later(false, (element) => element.setMetadata(metadata));
    },
    reset() {
      if (later(false, (element) => element.reset())) return;
      try {
        localStorage.removeItem(threadStorageKey(options.chat.agent || options.chat.app));
      } catch {
        // Nothing was stored.
      }
    },
  };
  return api;
}
