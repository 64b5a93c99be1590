/**
 * The text colour for a brand colour: black or white, whichever contrasts more by WCAG 2's
 * relative luminance L (the two are equal at L ≈ 0.179), so text on any accent reads at
 * 4.5:1 at least (4.58:1 at worst). The browser parses the colour (any CSS colour works).
 */
export function accentTextFor(accent: string): string {
  const probe = document.documentElement.appendChild(document.createElement('i'));
  probe.style.color = accent;
  const [red = 0, green = 0, blue = 0] = (getComputedStyle(probe).color.match(/[\d.]+/g) ?? []).map(
    (value) => {
      const channel = +value / 255;
      return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
    },
  );
  probe.remove();
  return 0.2126 * red + 0.7152 * green + 0.0722 * blue > 0.179 ? '#000' : '#fff';
}

/** Sets the accent and the text on it (`data-accent-text`, or the one that reads) on an element. */
export function applyAccent(element: HTMLElement, accent: string, accentText: string): void {
  if (!accent) return;
  element.style.setProperty('--parley-accent', accent);
  element.style.setProperty('--parley-accent-contrast', accentText || accentTextFor(accent));
}
