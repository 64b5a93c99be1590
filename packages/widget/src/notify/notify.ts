/**
 * `widget/notify.js`: a person's replies while the chat is closed. The loader imports it only while
 * the stored session is escalated (a person answers it) and the chat is not open, on any page of the
 * site. It shows the unread count on the launcher (its name says who wrote), the last reply's first
 * words above it, and the count in the tab's title; with `data-sound`, a short beep. Its transport is
 * the smallest that works: the chat's own socket when the chat is on the page (closed), else one
 * `EventSource` on the session's notifications. Opening the chat clears it all and closes the stream.
 * What is unread is kept beside the thread, so the next page of the site shows it too.
 *
 * Nothing here is shared with the chat module (a shared module would become a third file the open
 * chat loads): the texts of other languages come from `widget/lang/<code>.js`, as the chat's do.
 */
import type { ParleyLauncher } from '../loader/launcher.js';
import type { WidgetOptions } from '../loader/script-options.js';
import type { NotifyStrings } from '../strings/strings.js';
import { beep } from './beep.js';
import { builtInLanguage, notifyStrings } from './notify-strings.js';
import { ReplyPreview } from './reply-preview.js';
import { forgetEscalation, readUnread, sessionOf, type Unread, writeUnread } from './unread-store.js';

interface Reply {
  id?: string;
  content: string;
  author?: string | null;
}

interface ClosedChat extends HTMLElement {
  open: boolean;
}

/** The notifier's texts, with every other text of the language (the launcher takes `openChat`, `closeChat`). */
type Texts = NotifyStrings & { humanAgent: string } & Record<string, string>;

/** `humanAgent` names a person who did not sign: the chat's text (the English is repeated here). */
const english: Texts = { ...notifyStrings, humanAgent: 'Support agent' };

/** A preview shows this many characters of a reply at most. */
const previewLength = 140;

let watching = false;

/**
 * The language the chat would take (its `data-lang`, else the first of the browser's with built-in
 * texts, else English) and its texts, the host's `data-strings` over them.
 */
async function loadTexts(options: WidgetOptions): Promise<{ code: string; texts: Texts }> {
  const tag = options.lang || navigator.languages.find((candidate) => builtInLanguage.test(candidate)) || '';
  const code = (builtInLanguage.exec(tag)?.[1] ?? 'en').toLowerCase();
  const translation =
    code === 'en'
      ? {}
      : await import(/* @vite-ignore */ new URL(`widget/lang/${code}.js`, options.chat.server).href).then(
          (module: { default: Record<string, string> }) => module.default,
          () => ({}),
        );
  return { code, texts: { ...english, ...translation, ...options.chat.strings } };
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > previewLength ? `${flat.slice(0, previewLength - 1)}…` : flat;
}

export default function watchReplies(options: WidgetOptions, launcher: ParleyLauncher | null): void {
  const session = sessionOf(options.chat.app);
  if (watching || !session) return;
  watching = true;
  const chat = document.querySelector<ClosedChat>('parley-chat');
  const title = document.title;
  const launcherStrings = launcher?.strings;
  let texts = english;
  const unread: Unread = readUnread(options.chat.app, session) ?? {
    session,
    count: 0,
    author: '',
    content: '',
  };
  let source: EventSource | null = null;
  const preview = launcher ? new ReplyPreview(options.chat.position, () => window.Parley?.open()) : null;

  const show = (): void => {
    if (unread.count === 0) return;
    const author = unread.author || texts.humanAgent;
    document.title = `(${unread.count}) ${title}`;
    preview?.show(author, unread.content);
    if (!launcher || !launcherStrings) return;
    const template = unread.count === 1 ? texts.unreadFromOne : texts.unreadFrom;
    // The launcher in the chat's language (the loader's are English until the chat has opened).
    launcher.strings = { ...launcherStrings, ...texts, unread: template.replace('{name}', author) };
    launcher.unread = unread.count;
    launcher.render();
  };

  const add = (reply: Reply): void => {
    unread.count += 1;
    unread.author = reply.author ?? '';
    unread.content = shorten(reply.content);
    if (reply.id) unread.last = reply.id;
    writeUnread(options.chat.app, unread);
    show();
    if (options.sound) beep();
  };

  const onMessage = (event: CustomEvent<Reply & { role: string }>): void => {
    if (chat && !chat.open && event.detail.role === 'human_agent') add(event.detail);
  };

  // The chat opened (on this page): everything is read.
  const stop = (): void => {
    watching = false;
    source?.close();
    chat?.removeEventListener('parley:message', onMessage);
    preview?.remove();
    document.title = title;
    writeUnread(options.chat.app, null);
  };
  document.addEventListener('parley:open', stop, { once: true });

  if (chat) chat.addEventListener('parley:message', onMessage);
  else {
    const path = `v1/apps/${encodeURIComponent(options.chat.app)}/sessions/${encodeURIComponent(session)}/notifications`;
    const url = new URL(path, options.chat.server);
    url.searchParams.set('key', options.chat.key);
    if (unread.last) url.searchParams.set('after', unread.last);
    source = new EventSource(url);
    // Where the stream starts: the next page asks for what is written after it (`after`).
    source.addEventListener('following', (event) => {
      unread.last =
        (JSON.parse(event.data) as { last_message_id: string | null }).last_message_id ?? unread.last;
      writeUnread(options.chat.app, unread);
    });
    source.addEventListener('human_message', (event) => add(JSON.parse(event.data).message as Reply));
    // Handed back to the bot (or not escalated any more): nothing more to follow on any page.
    source.addEventListener('resolved', () => {
      source?.close();
      forgetEscalation(options.chat.app);
    });
  }

  void loadTexts(options).then((loaded) => {
    texts = loaded.texts;
    if (launcher && !launcher.lang && loaded.code !== 'en') launcher.lang = loaded.code;
    preview?.setLanguage(launcher?.lang || loaded.code);
    show();
  });
  show();
}
