/** A colour channel (0–255) as WCAG's relative luminance takes it (linear light). */
function linear(channel: number): number {
  const value = channel / 255;
  return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
}

/**
 * The text colour for a brand colour: white or black, whichever contrasts more (WCAG 2 relative
 * luminance), so text on any accent reads at 4.5:1 at least (the worst case, a mid grey, is
 * 4.58:1). Any CSS colour is read through the browser; null when it is not one.
 */
export function accentTextFor(accent: string): string | null {
  const probe = document.createElement('i');
  probe.style.color = accent;
  if (!probe.style.color) return null;
  document.documentElement.append(probe);
  const channels = (getComputedStyle(probe).color.match(/[\d.]+/g) ?? []).map(Number);
  probe.remove();
  const [red = 0, green = 0, blue = 0] = channels;
  const luminance = 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue);
  // Contrast with white is 1.05 / (L + 0.05); with black, (L + 0.05) / 0.05.
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 ? '#ffffff' : '#000000';
}

/** Sets the accent and the text on it (`data-accent-text`, or the one that reads) on an element. */
export function applyAccent(element: HTMLElement, accent: string, accentText: string): void {
  if (!accent) return;
  element.style.setProperty('--parley-accent', accent);
  const text = accentText || accentTextFor(accent);
  if (text) element.style.setProperty('--parley-accent-contrast', text);
}
