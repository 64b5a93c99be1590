import type { InboxSession, List } from '@parley/contract';
import { api } from '../../api.js';
import { format, strings } from '../../strings/index.js';
import { setAttentionCount } from '../../title.js';
import { inboxFeed } from './inbox-feed.js';

const muteKey = 'parley-console:inbox-muted';
const waiting = new Set<string>();
let started = false;
let audio: AudioContext | null = null;

/** Escalated, ongoing, and taken by nobody: a visitor waits for a person. */
export function needsPerson(session: InboxSession): boolean {
  return session.status === 'active' && session.escalated && session.assigned_to === null;
}

export function soundMuted(): boolean {
  return localStorage.getItem(muteKey) === '1';
}

export function muteSound(muted: boolean): void {
  if (muted) localStorage.setItem(muteKey, '1');
  else localStorage.removeItem(muteKey);
}

/** Two short tones made with WebAudio (no sound file); silent until the page has had a user gesture. */
function chime(): void {
  if (soundMuted() || typeof AudioContext === 'undefined') return;
  audio ??= new AudioContext();
  const context = audio;
  void context.resume().catch(() => undefined);
  [880, 1175].forEach((frequency, index) => {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    const start = context.currentTime + index * 0.16;
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.2, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.15);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(start);
    oscillator.stop(start + 0.16);
  });
}

function notify(session: InboxSession | null): void {
  chime();
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const name = session?.visitor.name ?? strings.inbox.unknownVisitor;
  new Notification(strings.inbox.notificationTitle, {
    body: format(strings.inbox.notificationBody, { name }),
    tag: session?.session_id ?? 'parley-inbox',
  });
}

function update(session: InboxSession): void {
  if (needsPerson(session)) waiting.add(session.session_id);
  else waiting.delete(session.session_id);
  setAttentionCount(waiting.size);
}

/**
 * Starts the console's attention for the rest of the tab's life: the title counts the
 * conversations waiting for a person "(n)", and a new escalation chimes (unless muted) and shows a
 * browser notification (when allowed).
 */
export async function startAttention(): Promise<void> {
  if (started) return;
  started = true;
  inboxFeed.start();
  inboxFeed.on('session', update);
  inboxFeed.on('escalated', ({ session_id: sessionId, session }) => {
    waiting.add(sessionId);
    setAttentionCount(waiting.size);
    notify(session);
  });
  try {
    const page = await api<List<InboxSession>>('GET', '/v1/inbox/sessions?status=needs_person&limit=100');
    for (const session of page.data) update(session);
  } catch {
    // The count starts with the next change.
  }
}
