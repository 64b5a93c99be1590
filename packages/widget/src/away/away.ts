/**
 * The away notice and the email form, `widget/away.js`: loaded by the chat only when the server says no
 * person will answer soon (`away`: the team is away, or nobody took the escalation in time). Plain DOM,
 * no Lit and nothing shared with the chat module, so it stays one small file of its own. Every text is
 * set with `textContent` (an email with markup stays text). Its styles are adopted by the chat's
 * shadow root (no inline styles: it runs under a strict CSP).
 */
import { type AwayStrings, awayStrings } from './away-strings.js';

/** What the chat hands over: itself, the event, its socket and its language's code. */
interface AwayHost extends HTMLElement {
  readonly renderRoot: ShadowRoot;
  readonly text: Record<string, string>;
  strings: Partial<AwayStrings>;
  announcement: string;
}

/** Of a session (the widget) or, on the share page, of an agent's conversation (its team app's away). */
interface AwayEvent {
  session_id?: string;
  conversation_id?: string;
  app_id: string;
  reason: 'closed' | 'timeout';
}

interface Connection {
  request(
    event: string,
    payload: object,
    timeoutMs?: number,
  ): Promise<{ ok: boolean; error?: { message: string } }>;
}

/** Close to what the server accepts; the server decides (an address it refuses is shown refused). */
const plausibleEmail = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/;

const css = `
.away{margin:8px 12px 12px;padding:12px;border:1px solid var(--parley-border,var(--_border));border-radius:10px;background:var(--parley-assistant-background,var(--_surface));color:var(--parley-text,var(--_text))}
.away p{margin:0 0 8px}
.away form{display:flex;flex-wrap:wrap;gap:8px;align-items:center;padding:0;border:0}
.away label{flex-basis:100%;font-weight:600}
.away input{flex:1;min-width:0;min-height:40px;padding:8px 12px;font:inherit;font-size:max(16px,1em);color:inherit;background:var(--parley-background,var(--_background));border:1px solid var(--parley-input-border,var(--_muted));border-radius:10px}
.away input[aria-invalid=true]{border-color:var(--_error-text)}
.away button{width:auto;min-height:40px;padding:0 16px;font:inherit;font-weight:600;border:0;border-radius:10px;background:var(--_accent);color:var(--_accent-text);cursor:pointer}
.away .error{flex-basis:100%;margin:0;color:var(--_error-text)}
.away .error:empty{display:none}
`;

let sheet: CSSStyleSheet | undefined;

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  properties: Partial<HTMLElementTagNameMap[K]> = {},
  attributes: Record<string, string> = {},
): HTMLElementTagNameMap[K] {
  const created = Object.assign(document.createElement(tag), properties);
  for (const [name, value] of Object.entries(attributes)) created.setAttribute(name, value);
  return created;
}

/** Shows the notice with the email form at the end of the messages (once per chat: a second replaces it). */
export default function showAway(host: AwayHost, event: AwayEvent, connection: Connection, language: string) {
  const text: AwayStrings = {
    ...(awayStrings.en as AwayStrings),
    ...awayStrings[language],
    ...host.strings,
  };
  const root = host.renderRoot;
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
  }
  if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  const messages = root.querySelector('.messages');
  if (!messages) return;
  root.querySelector('.away')?.remove();

  const notice = event.reason === 'closed' ? text.awayClosed : text.awayTimeout;
  const box = element('div', { className: 'away' }, { part: 'away' });
  const input = element(
    'input',
    { id: 'parley-away-email', type: 'email', name: 'email', autocomplete: 'email', required: true },
    { part: 'away-input', 'aria-describedby': 'parley-away-error' },
  );
  const error = element(
    'p',
    { id: 'parley-away-error', className: 'error' },
    { part: 'away-error', role: 'alert' },
  );
  const form = element('form', { noValidate: true }, { part: 'away-form' });
  form.append(
    element('label', { htmlFor: input.id, textContent: text.emailLabel }),
    input,
    element('button', { type: 'submit', textContent: host.text.send ?? 'Send' }, { part: 'away-button' }),
    error,
  );
  box.append(element('p', { textContent: notice }), form);
  messages.append(box);
  messages.scrollTop = messages.scrollHeight;
  // "New conversation" empties the list: the notice belonged to the conversation left.
  const list = messages.querySelector('.list');
  if (list) {
    const forgotten = new MutationObserver(() => {
      if (list.children.length > 0) return;
      forgotten.disconnect();
      box.remove();
    });
    forgotten.observe(list, { childList: true });
  }
  host.announcement = notice;

  const refuse = (message: string) => {
    input.setAttribute('aria-invalid', 'true');
    error.textContent = message;
    input.focus();
  };
  form.addEventListener('submit', (submitted) => {
    submitted.preventDefault();
    const email = input.value.trim();
    if (!plausibleEmail.test(email)) return refuse(text.invalidEmail);
    error.textContent = '';
    void connection
      .request(
        'contact',
        event.conversation_id
          ? { app_id: event.app_id, conversation_id: event.conversation_id, email }
          : { app_id: event.app_id, session_id: event.session_id, email },
        8_000,
      )
      .then((answer) => {
        if (!answer.ok)
          return refuse(
            answer.error?.message.startsWith('email') ? text.invalidEmail : (host.text.errorGeneric ?? ''),
          );
        const thanks = element(
          'p',
          { textContent: text.contactThanks.replace('{email}', email) },
          { part: 'away-thanks' },
        );
        form.replaceWith(thanks);
        host.announcement = thanks.textContent ?? '';
      });
  });
}
