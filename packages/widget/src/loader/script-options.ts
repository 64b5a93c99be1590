/**
 * The `<parley-chat>` properties the script tag sets, named as the element names them: the loader
 * hands them over as they are (`Object.assign`).
 */
export interface ChatProperties {
  app: string;
  key: string;
  agent: string;
  token: string;
  /** Where `widget.js` was loaded from; the component module, the socket and the API are beside it. */
  server: string;
  metadata: Record<string, unknown>;
  /** `data-user-id` and `data-user-hash`: the site's user, verified by the hash (HMAC-SHA256 with the app's identity secret). */
  userId: string;
  userHash: string;
  strings: Record<string, string>;
  theme: string;
  position: string;
  /** `data-title`. */
  chatTitle: string;
  subtitle: string;
  avatar: string;
}

/** What the `<script src=".../widget.js" data-…>` tag asks for. */
export interface WidgetOptions {
  chat: ChatProperties;
  /** Set on the chat (and the launcher) only when given: the chat takes the browser's otherwise. */
  lang: string;
  dir: string;
  accent: string;
  /** The text colour on the accent (`data-accent-text`); chosen to read on it when not given. */
  accentText: string;
  /** `data-launcher="false"`: no button; the page opens the chat with `Parley.open()`. */
  launcher: boolean;
  /** `data-sound`: a short beep when a person answers while the chat is closed (`widget/notify.js`). */
  sound: boolean;
}

const rightToLeftLanguages = /^(ar|arc|dv|fa|ha|he|khw|ks|ku|ps|sd|ur|yi)\b/i;

function parseObject<Value>(text: string | undefined, attribute: string): Record<string, Value> {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, Value>;
  } catch {
    // Reported below.
  }
  console.warn(`Parley: ${attribute} is not a JSON object; it is ignored.`);
  return {};
}

function oneOf(value: string | undefined, allowed: string[], fallback: string): string {
  return value && allowed.includes(value) ? value : fallback;
}

export function readScriptOptions(script: HTMLScriptElement | null): WidgetOptions {
  const data = script?.dataset ?? {};
  const lang = data.lang ?? '';
  return {
    chat: {
      app: data.app ?? '',
      key: data.key ?? '',
      agent: data.agent ?? '',
      token: data.token ?? '',
      server: new URL('./', script?.src || document.baseURI).href,
      metadata: parseObject(data.metadata, 'data-metadata'),
      userId: data.userId ?? '',
      userHash: data.userHash ?? '',
      strings: parseObject(data.strings, 'data-strings'),
      theme: oneOf(data.theme, ['light', 'dark', 'auto'], 'light'),
      position: oneOf(data.position, ['right', 'left'], 'right'),
      chatTitle: data.title ?? '',
      subtitle: data.subtitle ?? '',
      avatar: data.avatar ?? '',
    },
    lang,
    dir: oneOf(data.dir, ['ltr', 'rtl'], rightToLeftLanguages.test(lang) ? 'rtl' : ''),
    accent: data.accent ?? '',
    accentText: data.accentText ?? '',
    launcher: data.launcher !== 'false',
    sound: 'sound' in data,
  };
}
