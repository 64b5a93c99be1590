/** A touch screen: focusing the message box would push the keyboard up over the greeting. */
export function touchDevice(): boolean {
  return matchMedia('(pointer: coarse)').matches;
}

/**
 * The floating panel just closed: it stays shown a moment (`closing`) while it sinks away, as
 * long as its animation lasts; at once when the visitor prefers reduced motion.
 */
export function sinkAway(host: HTMLElement): void {
  if (matchMedia('(prefers-reduced-motion: reduce)').matches) return;
  host.setAttribute('closing', '');
  setTimeout(() => host.removeAttribute('closing'), 150);
}
