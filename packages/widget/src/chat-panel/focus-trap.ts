/** What Tab may reach inside the panel (disabled and hidden controls left out). */
const focusable =
  'button:not([disabled]), textarea:not([disabled]), input:not([disabled]), a[href], [tabindex="0"]';

/**
 * Tab from the last control goes to the first, Shift+Tab from the first to the last: the focus
 * stays in the open panel (a modal dialog) until Escape or the close button closes it.
 */
export function keepFocusInside(root: ShadowRoot, event: KeyboardEvent): void {
  const controls = Array.from(root.querySelectorAll<HTMLElement>(focusable)).filter(
    (element) => element.offsetParent !== null || element.getClientRects().length > 0,
  );
  const first = controls[0];
  const last = controls.at(-1);
  if (!first || !last) return;
  const active = root.activeElement;
  const outside = !active || !controls.includes(active as HTMLElement);
  if (event.shiftKey && (active === first || outside)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || outside)) {
    event.preventDefault();
    first.focus();
  }
}
