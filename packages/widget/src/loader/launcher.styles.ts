/**
 * The launcher's styles, a plain string (the loader has no Lit), tagged like the chat's so that the
 * build writes them without comments or indentation (scripts/vite/minify-component-styles.ts).
 */
const css = String.raw;

export default css`
:host {
  position: fixed;
  z-index: 2147482999;
  bottom: 20px;
  right: 20px;
}
:host([position='left']) {
  right: auto;
  left: 20px;
}
button {
  position: relative;
  display: grid;
  place-items: center;
  width: 56px;
  height: 56px;
  border: 0;
  border-radius: 50%;
  cursor: pointer;
  background: var(--parley-accent, #2f5bea);
  color: var(--parley-accent-contrast, #fff);
  box-shadow: 0 6px 20px rgb(16 24 40 / 0.25);
  transition: transform 0.15s ease;
}
button:hover {
  transform: scale(1.05);
}
button:focus-visible {
  outline: 3px solid var(--parley-focus, var(--parley-accent, #2f5bea));
  outline-offset: 3px;
}
svg {
  width: 26px;
  height: 26px;
  fill: none;
  stroke: currentColor;
  stroke-width: 2;
  stroke-linecap: round;
  stroke-linejoin: round;
}
span {
  position: absolute;
  top: -4px;
  right: -4px;
  min-width: 22px;
  height: 22px;
  padding: 0 6px;
  border-radius: 11px;
  background: #c62828;
  color: #fff;
  font: 700 12px/22px system-ui, sans-serif;
  text-align: center;
}
span[hidden] {
  display: none;
}
@media (prefers-reduced-motion: reduce) {
  button {
    transition: none;
  }
}
`;
