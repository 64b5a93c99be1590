/**
 * Paths under `/console/`: `/console/<page>/<rest…>`. The server answers every one with the shell,
 * so a reload or a shared link opens the same page.
 */
export const consoleBase = '/console/';

const navigateEvent = 'console-navigate';

/** The path after `/console/`, without a trailing slash: `inbox/sess_1`, or '' for the home page. */
export function currentPath(): string {
  const { pathname } = window.location;
  const inside = pathname.startsWith(consoleBase) ? pathname.slice(consoleBase.length) : '';
  return inside.replace(/\/+$/, '');
}

/** The link to a console path. */
export function consoleHref(path: string): string {
  return consoleBase + path.replace(/^\/+/, '');
}

/** Opens a console path without reloading (pages keep their state in the history entry's URL only). */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  const url = consoleHref(path);
  if (options.replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  window.dispatchEvent(new Event(navigateEvent));
}

/** Calls `listener` whenever the path changes (a link, `navigate`, back or forward). */
export function onNavigate(listener: () => void): () => void {
  window.addEventListener('popstate', listener);
  window.addEventListener(navigateEvent, listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener(navigateEvent, listener);
  };
}

/**
 * A click on a same-origin link into the console, without a modifier key or a target, navigates in
 * place. Installed once on the shell: pages write plain `<a href="/console/…">` links.
 */
export function followConsoleLinks(root: HTMLElement): void {
  root.addEventListener('click', (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = event
      .composedPath()
      .find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement);
    if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
    const url = new URL(anchor.href, window.location.href);
    if (url.origin !== window.location.origin || !url.pathname.startsWith(consoleBase)) return;
    event.preventDefault();
    navigate(url.pathname.slice(consoleBase.length) + url.search);
  });
}
