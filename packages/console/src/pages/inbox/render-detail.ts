import type { InboxSession, InboxTranscript } from '@parley/contract';
import { html, nothing } from 'lit';
import { format, strings } from '../../strings/index.js';
import type { LiveAnswer } from './live-state.js';
import { channelNames, visitorOf } from './render-list.js';
import { renderTranscript } from './render-transcript.js';

const text = strings.inbox;

export interface DetailView {
  session: InboxSession;
  transcript: InboxTranscript | null;
  live: LiveAnswer | null;
  operatorId: string;
  typist: string | null;
  draft: string;
  busy: boolean;
  back(): void;
  takeOver(): void;
  handBack(): void;
  input(value: string): void;
  send(): void;
}

function renderStatus(view: DetailView) {
  const { session } = view;
  if (session.status === 'ended') return html`<p class="muted">${text.ended}</p>`;
  if (session.assigned_to?.id === view.operatorId) return html`<p>${text.youAnswer}</p>`;
  if (session.assigned_to)
    return html`<p>${format(text.someoneAnswers, { name: session.assigned_to.name })}</p>`;
  if (session.escalated) return html`<p>${text.waitsForPerson}</p>`;
  return html`<p class="muted">${text.botAnswers}</p>`;
}

function renderComposer(view: DetailView) {
  const mine = view.session.escalated && view.session.assigned_to?.id === view.operatorId;
  if (!mine || view.session.status === 'ended') return nothing;
  return html`<form
    class="composer"
    @submit=${(event: Event) => {
      event.preventDefault();
      view.send();
    }}
  >
    <label for="inbox-reply">${text.reply}</label>
    <textarea
      id="inbox-reply"
      rows="3"
      .value=${view.draft}
      @input=${(event: Event) => view.input((event.target as HTMLTextAreaElement).value)}
      @keydown=${(event: KeyboardEvent) => {
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          view.send();
        }
      }}
    ></textarea>
    <button type="submit" class="primary" ?disabled=${view.busy || view.draft.trim() === ''}>${text.send}</button>
  </form>`;
}

export function renderDetail(view: DetailView) {
  const { session } = view;
  const ongoing = session.status === 'active';
  const mine = session.assigned_to?.id === view.operatorId;
  return html`<section class="detail" aria-labelledby="inbox-detail-title">
    <button type="button" class="back" @click=${() => view.back()}>${text.backToList}</button>
    <h2 id="inbox-detail-title" tabindex="-1">${visitorOf(session)} <span class="muted">· ${channelNames[session.channel]}</span></h2>
    ${renderStatus(view)}
    ${
      session.contact_email
        ? html`<p class="contact-email">${text.contactEmail}
            <a href=${`mailto:${session.contact_email}`}>${session.contact_email}</a></p>`
        : nothing
    }
    <div class="row actions">
      ${
        ongoing && !mine
          ? html`<button type="button" class="primary" ?disabled=${view.busy} @click=${() => view.takeOver()}>${text.takeOver}</button>`
          : nothing
      }
      ${
        // Hand back once someone holds it: before that, Take over is the one thing to do.
        ongoing && session.escalated && session.assigned_to
          ? html`<button type="button" ?disabled=${view.busy} @click=${() => view.handBack()}>${text.handBack}</button>`
          : nothing
      }
    </div>
    ${view.transcript ? renderTranscript(view.transcript, view.live) : html`<p role="status">${strings.shell.loading}</p>`}
    <p class="typing" role="status">${view.typist ? format(text.typing, { name: view.typist }) : ''}</p>
    ${renderComposer(view)}
  </section>`;
}
