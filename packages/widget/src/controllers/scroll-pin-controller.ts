import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How close to the end (in pixels) still counts as reading the latest message. */
const pinnedSlack = 32;

/**
 * Keeps the message list scrolled to the newest message while the reader is
 * at the end; when they scrolled up to read, new content does not move them,
 * and `unseen` says there is more below.
 */
export class ScrollPinController implements ReactiveController {
  pinned = true;
  unseen = false;
  #element: HTMLElement | null = null;
  #lastHeight = 0;

  readonly #host: ReactiveControllerHost;
  readonly #find: () => HTMLElement | null;

  constructor(host: ReactiveControllerHost, find: () => HTMLElement | null) {
    this.#host = host;
    this.#find = find;
    host.addController(this);
  }

  hostUpdated(): void {
    const element = this.#find();
    if (element !== this.#element) {
      this.#element?.removeEventListener('scroll', this.#onScroll);
      element?.addEventListener('scroll', this.#onScroll, { passive: true });
      this.#element = element;
    }
    if (!element) return;
    const grew = element.scrollHeight > this.#lastHeight;
    this.#lastHeight = element.scrollHeight;
    if (this.pinned) element.scrollTop = element.scrollHeight;
    else if (grew && !this.unseen) {
      this.unseen = true;
      this.#host.requestUpdate();
    }
  }

  hostDisconnected(): void {
    this.#element?.removeEventListener('scroll', this.#onScroll);
    this.#element = null;
  }

  /** Back to the newest message (the user sent one, or asked to). */
  scrollToEnd(): void {
    this.pinned = true;
    if (this.#element) this.#element.scrollTop = this.#element.scrollHeight;
    if (!this.unseen) return;
    this.unseen = false;
    this.#host.requestUpdate();
  }

  readonly #onScroll = () => {
    const element = this.#element;
    if (!element) return;
    const pinned = element.scrollHeight - element.scrollTop - element.clientHeight <= pinnedSlack;
    if (pinned === this.pinned) return;
    this.pinned = pinned;
    if (pinned) this.unseen = false;
    this.#host.requestUpdate();
  };
}
